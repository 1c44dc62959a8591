using System.Text;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Scheduler;
using StudentHub.Web.Localization;
using StudentHub.Web.Reports;
using StudentHub.Web.Scheduler;
using static StudentHub.Tests.Reports.ReportTestKit;

namespace StudentHub.Tests.Reports;

/// <summary>A student's own <c>daily_report</c> task: one report per run, kept with its run, linked from the run's output.</summary>
public sealed class DailyReportTaskTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task StudentTask_KeepsAPdfReportWithItsRun_AndTheNextOneStartsWhereItEnded()
    {
        var student = await AddStudentAsync("김하늘", Now.AddDays(-1));
        var run = await RunAsync(database, student.Id, new TaskConfig { TimeZone = "Asia/Seoul", ReportFormat = "pdf", IncludeSections = ["progress", "recommendations"] });
        var clock = new ManualClock(Now);

        var output = (await Task(database, clock).RunAsync(run, CancellationToken.None))!;

        var id = output["report_id"].GetGuid();
        Assert.Equal("/reports/" + id, output["report_url"].GetString());
        Assert.Equal("pdf", output["format"].GetString());
        await using (var db = database.CreateDbContext())
        {
            var report = await db.StudentReports.SingleAsync(r => r.Id == id);
            Assert.Equal((student.Id, run.RunId, "pdf", "application/pdf"), (report.StudentId, report.TaskRunId!.Value, report.Format, report.ContentType));
            Assert.Equal("%PDF", Encoding.ASCII.GetString(report.Content, 0, 4));
            Assert.Equal(report.Content.Length, report.SizeBytes);
            // 12:00 in Seoul on 20 March.
            Assert.Equal("김하늘-2026-03-20-1200.pdf", report.FileName);
            Assert.Null(report.PeriodStart);
            Assert.Equal(Now, report.PeriodEnd);
        }

        clock.Now = Now.AddDays(1);
        var next = (await Task(database, clock).RunAsync(await RunAsync(database, student.Id), CancellationToken.None))!;

        await using var check = database.CreateDbContext();
        var second = await check.StudentReports.SingleAsync(r => r.Id == next["report_id"].GetGuid());
        Assert.Equal(Now, second.PeriodStart);
        Assert.Equal(Now.AddDays(1), second.PeriodEnd);
    }

    [Fact]
    public void FileName_CarriesTheTimeInTheReportsZone_SoTwoReportsOfOneDayDiffer()
    {
        static string At(DateTimeOffset instant) => DailyReportTask.FileName("권정우", TimeZoneInfo.ConvertTime(instant, ReaderTimeZone.Seoul), "pdf");

        // 18:33 UTC on the 24th is 03:33 on the 25th in Seoul; 00:05 UTC on the 25th is 09:05 there.
        Assert.Equal("권정우-2026-11-25-0333.pdf", At(new DateTimeOffset(2026, 11, 24, 18, 33, 0, TimeSpan.Zero)));
        Assert.Equal("권정우-2026-11-25-0905.pdf", At(new DateTimeOffset(2026, 11, 25, 0, 5, 0, TimeSpan.Zero)));
        Assert.Equal("a_b-2026-11-25-0333.html", DailyReportTask.FileName("a/b", new DateTimeOffset(2026, 11, 25, 3, 33, 0, TimeSpan.FromHours(9)), "html"));
    }

    [Fact]
    public async Task HtmlFormat_KeepsAnHtmlReport_InKorean()
    {
        var student = await AddStudentAsync("박<b>민준</b>", Now.AddHours(-3));
        var run = await RunAsync(database, student.Id, new TaskConfig { ReportFormat = "html" });

        var output = (await Task(database, new ManualClock(Now)).RunAsync(run, CancellationToken.None))!;

        await using var db = database.CreateDbContext();
        var report = await db.StudentReports.SingleAsync(r => r.Id == output["report_id"].GetGuid());
        Assert.Equal(("html", "text/html; charset=utf-8"), (report.Format, report.ContentType));
        var html = Encoding.UTF8.GetString(report.Content);
        Assert.Contains("박&lt;b&gt;민준&lt;/b&gt;", html);
        Assert.Contains("학습 이벤트 1건", html);
        Assert.Equal("박_b_민준__b_-2026-03-20-1200.html", report.FileName);
    }

    [Fact]
    public async Task BadConfig_FailsTheRun_NamingTheValue_AndKeepsNothing()
    {
        var student = await AddStudentAsync("최서연", Now.AddHours(-3));
        var task = Task(database, new ManualClock(Now));

        var format = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await task.RunAsync(await RunAsync(database, student.Id, new TaskConfig { ReportFormat = "docx" }), CancellationToken.None));
        var section = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await task.RunAsync(await RunAsync(database, student.Id, new TaskConfig { IncludeSections = ["grades"] }), CancellationToken.None));

        Assert.Contains("report_format: \"docx\"", format.Message);
        Assert.Contains("include_sections: \"grades\"", section.Message);
        await using var db = database.CreateDbContext();
        Assert.False(await db.StudentReports.AnyAsync(r => r.StudentId == student.Id));
    }

    private async Task<Student> AddStudentAsync(string name, DateTimeOffset studiedAt)
    {
        await using var db = database.CreateDbContext();
        var student = NewStudent(name);
        db.Students.Add(student);
        db.LearningHistory.Add(Event(student, EventType.Study, studiedAt, "분수", "correct", 300));
        await db.SaveChangesAsync();
        return student;
    }
}

/// <summary>
/// The global <c>daily_report</c> task: a report for each enrolled student active since their last one, the others
/// counted as skipped, and reports past <see cref="ReportOptions.KeepDays"/> deleted. A class of its own: it reads every student.
/// </summary>
public sealed class DailyReportGlobalRunTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task GlobalTask_ReportsActiveStudents_SkipsTheRest_AndDeletesOldReports()
    {
        Student active, quiet, reportedSince, newSinceReport, graduated;
        Guid oldReport, recentReport;
        await using (var db = database.CreateDbContext())
        {
            active = NewStudent("활동 학생");
            quiet = NewStudent("조용한 학생");
            reportedSince = NewStudent("리포트 후 조용");
            newSinceReport = NewStudent("리포트 후 활동");
            graduated = NewStudent("졸업생", graduatedAt: new DateOnly(2025, 2, 14));
            db.Students.AddRange(active, quiet, reportedSince, newSinceReport, graduated);
            db.LearningHistory.AddRange(
                Event(active, EventType.Study, Now.AddDays(-2), "분수", "correct"),
                // Only before their last report.
                Event(reportedSince, EventType.Study, Now.AddDays(-3), "분수", "correct"),
                Event(newSinceReport, EventType.Test, Now.AddDays(-3), "분수", "correct"),
                Event(newSinceReport, EventType.Test, Now.AddHours(-5), "분수", "partial"),
                Event(graduated, EventType.Study, Now.AddDays(-1), "분수", "correct"));
            await db.SaveChangesAsync();
            var old = Report(quiet.Id, Now.AddDays(-91));
            var recent = Report(quiet.Id, Now.AddDays(-89));
            db.StudentReports.AddRange(old, recent, Report(reportedSince.Id, Now.AddDays(-1)), Report(newSinceReport.Id, Now.AddDays(-1)));
            await db.SaveChangesAsync();
            (oldReport, recentReport) = (old.Id, recent.Id);
        }
        var run = await RunAsync(database, studentId: null);

        var output = (await Task(database, new ManualClock(Now), keepDays: 90).RunAsync(run, CancellationToken.None))!;

        Assert.Equal(2, output["reports"].GetInt32());
        Assert.Equal(2, output["students_skipped"].GetInt32());
        Assert.Equal(1, output["reports_deleted"].GetInt32());
        await using var check = database.CreateDbContext();
        var made = await check.StudentReports.Where(r => r.TaskRunId == run.RunId).ToListAsync();
        Assert.Equal(new[] { active.Id, newSinceReport.Id }.Order(), made.Select(r => r.StudentId).Order());
        Assert.All(made, r => Assert.Equal("pdf", r.Format));
        Assert.Equal(Now.AddDays(-1), made.Single(r => r.StudentId == newSinceReport.Id).PeriodStart);
        Assert.False(await check.StudentReports.AnyAsync(r => r.Id == oldReport));
        Assert.True(await check.StudentReports.AnyAsync(r => r.Id == recentReport));
    }

    [Fact]
    public async Task GlobalTask_Cancelled_Stops()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await Task(database, new ManualClock(Now)).RunAsync(await RunAsync(database, studentId: null), cancelled.Token));
    }
}
