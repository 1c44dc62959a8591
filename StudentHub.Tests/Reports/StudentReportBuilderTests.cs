using Microsoft.Extensions.Options;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Scheduler;
using StudentHub.Web.Interventions;
using StudentHub.Web.Reports;
using static StudentHub.Tests.Reports.ReportTestKit;

namespace StudentHub.Tests.Reports;

/// <summary>What a report says, from real rows: the period since the previous report, counts by type, accuracy, time, mastery, recommendations.</summary>
public sealed class StudentReportBuilderTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly IReadOnlySet<ReportSection> All = StudentReportBuilder.SectionsOf(null);

    [Fact]
    public async Task FirstReport_CoversTheLastWeek_ByType_WithAccuracyTimeMasteryAndInterventions()
    {
        var student = NewStudent("정하늘");
        await using (var db = database.CreateDbContext())
        {
            db.Students.Add(student);
            db.LearningHistory.AddRange(
                Event(student, EventType.Study, Now.AddDays(-1), "분수", "correct", 300),
                Event(student, EventType.Test, Now.AddDays(-2), "분수", "partial", 120),
                Event(student, EventType.Study, Now.AddDays(-3), "소수", "incorrect", 60),
                Event(student, EventType.Review, Now.AddDays(-3), seconds: 600),
                // Before the first report's week: in the mastery, not in the activity.
                Event(student, EventType.Study, Now.AddDays(-10), "분수", "incorrect", 999),
                // After "now": in neither.
                Event(student, EventType.Study, Now.AddHours(1), "분수", "correct", 999));
            db.Interventions.AddRange(
                // Active, untouched for a month: stalled; it covers 소수, so 소수 needs no new practice.
                new Intervention { Student = student, Type = InterventionType.Auto, CreatedAt = Now.AddDays(-30),
                    WeakAreas = [new WeakArea { Concept = "소수", CurrentMastery = 0.2, Priority = 1 }], Progress = new InterventionProgress { Completed = 1, Total = 4 } },
                // A finished one covers nothing any more.
                new Intervention { Student = student, Type = InterventionType.TeacherRequested, Status = InterventionStatus.Completed, CreatedAt = Now.AddDays(-60),
                    WeakAreas = [new WeakArea { Concept = "분수", Priority = 1 }] });
            await db.SaveChangesAsync();
        }
        var clock = new ManualClock(Now);

        var report = (await Builder(database, clock).BuildAsync(student.Id, All, Now))!;

        Assert.Null(report.PeriodStart);
        Assert.Equal(Now.AddDays(-7), report.From);
        Assert.Equal(Now, report.To);
        Assert.Equal(("정하늘", "RPT-A", 6, "3반", student.StudentNumber), (report.Profile.Name, report.Profile.SchoolId, report.Profile.Grade, report.Profile.ClassName, report.Profile.StudentNumber));
        Assert.Equal(
            [
                new EventTypeActivity(EventType.Study, 2, 1, 0, 1, 360),
                new EventTypeActivity(EventType.Test, 1, 0, 1, 0, 120),
                new EventTypeActivity(EventType.Review, 1, 0, 0, 0, 600),
            ],
            report.Activity);
        Assert.Equal(4, report.Events);
        Assert.Equal(3, report.Results);
        Assert.Equal(1080, report.SecondsSpent);
        // One correct, one partial (half), one incorrect.
        Assert.Equal(0.5, report.Accuracy);

        // The same estimates as the student page's chart and the automatic interventions read, weakest first.
        var expected = await new StudentMastery(database.ContextFactory(), Options.Create(new MasteryOptions()), clock).LoadAsync([student.Id], Now);
        Assert.Equal(expected[student.Id].OrderBy(c => c.Mastery).Select(c => (c.Concept, c.Mastery, c.Attempts)),
            report.Mastery.Select(c => (c.Concept, c.Mastery, c.Attempts)));
        Assert.Equal(3, report.Mastery.Single(c => c.Concept == "분수").Attempts);
        Assert.Equal(0.85, report.TargetMastery);

        Assert.Equal(2, report.Interventions.Count);
        Assert.True(report.Interventions.Single(i => i.Status == InterventionStatus.Active).Stalled);
        Assert.Equal([RecommendationKind.PlanPractice, RecommendationKind.Stalled], report.Recommendations.Select(r => r.Kind));
        Assert.Equal("분수", report.Recommendations[0].Subject);
        Assert.Equal("소수", report.Recommendations[1].Subject);
    }

    [Fact]
    public async Task NextReport_StartsWhereThePreviousOneEnded()
    {
        var student = NewStudent("이다음");
        await using (var db = database.CreateDbContext())
        {
            db.Students.Add(student);
            db.LearningHistory.AddRange(
                Event(student, EventType.Study, Now.AddHours(-30), "분수", "correct"),
                Event(student, EventType.Study, Now.AddHours(-20), "분수", "correct"),
                Event(student, EventType.Test, Now.AddHours(-2), "분수", "incorrect"));
            await db.SaveChangesAsync();
            db.StudentReports.AddRange(Report(student.Id, Now.AddDays(-3)), Report(student.Id, Now.AddDays(-1)));
            await db.SaveChangesAsync();
        }

        var report = (await Builder(database, new ManualClock(Now)).BuildAsync(student.Id, All, Now))!;

        Assert.Equal(Now.AddDays(-1), report.PeriodStart);
        Assert.Equal(Now.AddDays(-1), report.From);
        Assert.Equal(2, report.Events);
        Assert.Equal(0.5, report.Accuracy);
    }

    [Fact]
    public async Task NoActivity_IsSaid_AndAMissingStudentHasNoReport()
    {
        var student = NewStudent("조용한");
        await using (var db = database.CreateDbContext())
        {
            db.Students.Add(student);
            await db.SaveChangesAsync();
        }
        var builder = Builder(database, new ManualClock(Now));

        var report = (await builder.BuildAsync(student.Id, All, Now))!;

        Assert.Equal(0, report.Events);
        Assert.Null(report.Accuracy);
        Assert.Empty(report.Mastery);
        Assert.Equal([RecommendationKind.NoActivity], report.Recommendations.Select(r => r.Kind));
        Assert.Null(await builder.BuildAsync(Guid.NewGuid(), All, Now));
    }

    [Fact]
    public void Sections_AreAllWhenNoneAreNamed_AsNamed_AndAnUnknownOneIsRefusedByName()
    {
        Assert.Equal(Enum.GetValues<ReportSection>().ToHashSet(), StudentReportBuilder.SectionsOf(null));
        Assert.Equal(Enum.GetValues<ReportSection>().ToHashSet(), StudentReportBuilder.SectionsOf([]));
        Assert.Equal(new HashSet<ReportSection> { ReportSection.Progress, ReportSection.Recommendations },
            StudentReportBuilder.SectionsOf(["progress", "recommendations"]));
        var refused = Assert.Throws<InvalidOperationException>(() => StudentReportBuilder.SectionsOf(["progress", "grades"]));
        Assert.Contains("\"grades\"", refused.Message);
        Assert.Contains("profile, progress, mastery, interventions, recommendations", refused.Message);
    }
}
