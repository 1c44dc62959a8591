using Bunit;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Students;
using StudentHub.Web.Reports;
using StudentHub.Web.Students;
using static StudentHub.Tests.Reports.ReportTestKit;

namespace StudentHub.Tests.Reports;

/// <summary>The student page's Reports tab: the student's kept reports, newest first, each a download, times in the reader's zone.</summary>
public sealed class StudentReportsViewTests : StudentComponentTest, IClassFixture<DatabaseFixture>
{
    public StudentReportsViewTests(DatabaseFixture database) : base(database) => Services.AddScoped<StudentReportList>();

    [Fact]
    public async Task ReportsTab_ListsTheStudentsReports_NewestFirst_WithDownloadLinks()
    {
        var student = NewStudent("정하늘");
        var other = NewStudent("다른 학생");
        StudentReport first, second;
        await using (var db = Database.CreateDbContext())
        {
            db.Students.AddRange(student, other);
            await db.SaveChangesAsync();
            first = Report(student.Id, Now.AddDays(-1), "pdf", "정하늘-2026-03-19.pdf");
            first.SizeBytes = 48_000;
            second = Report(student.Id, Now, "html", "정하늘-2026-03-20.html");
            second.PeriodStart = first.PeriodEnd;
            db.StudentReports.AddRange(first, second, Report(other.Id, Now));
            await db.SaveChangesAsync();
        }
        SignIn("admin-reports", "관리자", Roles.Admin);
        var page = Render<StudentPage>(p => p.Add(s => s.Id, student.Id));
        page.WaitForElement("[data-testid=student-profile]", Patience);

        page.WaitForAssertion(() => page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Reports").Click(), Patience);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=report]").Count), Patience);
        var rows = page.FindAll("[data-testid=report]");
        Assert.Equal("2 reports", page.Find("[data-testid=report-count]").TextContent.Trim());
        // 03:00 UTC is noon in Seoul.
        Assert.Equal(["3/20/2026 12:00 PM", "3/19/2026 12:00 PM – 3/20/2026 12:00 PM", "HTML", "1 KB", "Download"],
            rows[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim().Replace('\u202F', ' ')));
        Assert.Equal(["3/19/2026 12:00 PM", "First report: the last 7 days", "PDF", "47 KB", "Download"],
            rows[1].QuerySelectorAll("td").Select(c => c.TextContent.Trim().Replace('\u202F', ' ')));
        var link = rows[1].QuerySelector("[data-testid=report-link]")!;
        Assert.Equal("/reports/" + first.Id, link.GetAttribute("href"));
        Assert.Equal("정하늘-2026-03-19.pdf", link.GetAttribute("download"));
    }

    [Fact]
    public async Task ManyReports_ShowTheNewest_AndSayHowManyThereAre()
    {
        var student = NewStudent("많은 리포트");
        await using (var db = Database.CreateDbContext())
        {
            db.Students.Add(student);
            await db.SaveChangesAsync();
            db.StudentReports.AddRange(Enumerable.Range(0, StudentReportList.Shown + 2).Select(i => Report(student.Id, Now.AddDays(-i))));
            await db.SaveChangesAsync();
        }
        SignIn("admin-reports", "관리자", Roles.Admin);

        var view = Render<StudentReportsView>(p => p.Add(v => v.StudentId, student.Id));

        view.WaitForAssertion(() => Assert.Equal(StudentReportList.Shown, view.FindAll("[data-testid=report]").Count), Patience);
        Assert.Equal($"The newest {StudentReportList.Shown} of {StudentReportList.Shown + 2} reports", view.Find("[data-testid=report-count]").TextContent.Trim());
    }

    [Fact]
    public async Task TeacherOfAnotherSchool_SeesNoReports()
    {
        var student = NewStudent("다른 학교 학생", "RPT-B");
        await using (var db = Database.CreateDbContext())
        {
            db.Students.Add(student);
            await db.SaveChangesAsync();
            db.StudentReports.Add(Report(student.Id, Now));
            await db.SaveChangesAsync();
        }
        SignIn("teacher-reports", "교사", Roles.Teacher);

        var view = Render<StudentReportsView>(p => p.Add(v => v.StudentId, student.Id));

        view.WaitForAssertion(() => Assert.Contains("No reports yet", view.Find("[data-testid=student-reports]").TextContent), Patience);
    }
}
