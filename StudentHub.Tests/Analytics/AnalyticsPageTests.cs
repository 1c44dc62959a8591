using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Tests.Students;
using StudentHub.Web.Analytics;

namespace StudentHub.Tests.Analytics;

/// <summary>The Analytics page over rows the task kept: charts and table per reader's scope, the filter in the URL, the empty states.</summary>
public class AnalyticsPageTests : StudentComponentTest, IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string SchoolA = "PAGE_A";
    private const string SchoolB = "PAGE_B";
    private static readonly DateOnly LastWeek = new(2026, 3, 9);
    private static readonly DateTimeOffset ComputedAt = new(2026, 3, 16, 1, 0, 5, TimeSpan.Zero);

    public AnalyticsPageTests(DatabaseFixture database) : base(database)
    {
        Services.AddSingleton<TimeProvider>(new StoppedClock(WeeklyAnalyticsTaskTests.Now));
        Services.AddAnalytics();
    }

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Database.CreateDbContext();
        if (await db.WeeklyAnalytics.AnyAsync())
            return;
        db.Users.Add(Account("teacher-analytics-a", "교사 A", SchoolA));
        db.Users.Add(Account("teacher-analytics-none", "교사 없음", "PAGE_NONE"));
        db.WeeklyAnalytics.AddRange(
            Row(SchoolA, 5, LastWeek.AddDays(-7), active: 8, attempts: 40, correct: 30, score: 70),
            Row(SchoolA, 5, LastWeek, active: 9, attempts: 1234, correct: 617, score: 80),
            Row(SchoolA, 6, LastWeek, active: 4, attempts: 10, correct: 9, score: 60),
            Row(SchoolB, 5, LastWeek, active: 2, attempts: 0, correct: 0, score: null),
            // Before the page's default twelve weeks.
            Row(SchoolB, 5, LastWeek.AddDays(-7 * 20), active: 1, attempts: 1, correct: 1, score: 100));
        await db.SaveChangesAsync();
    }

    [Fact]
    public void Admin_SeesEverySchoolsRows_ChartedPerSchool_AndWhenTheyWereComputed()
    {
        SignIn("admin-analytics", "admin@school.kr", Roles.Admin);

        var page = RenderAt<AnalyticsPage>("/analytics");

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=analytics-row]").Count), Patience);
        var first = page.FindAll("[data-testid=analytics-row]")[1].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["3/9/2026", SchoolA, "5", "10", "9", "1,500", "2.0", "1,234", "50.0%", "80.0"], first);
        // In the reader's zone (Seoul until the browser says otherwise).
        var computed = page.Find("[data-testid=analytics-computed] time");
        Assert.Equal("2026-03-16T01:00:05Z", computed.GetAttribute("datetime"));
        Assert.Equal(new DateTime(2026, 3, 16, 10, 0, 5).ToString("g", System.Globalization.CultureInfo.GetCultureInfo("en-US")), computed.TextContent);

        var charts = page.FindComponents<MudChart<double>>();
        Assert.Equal(3, charts.Count);
        var active = charts[0].Instance.ChartSeries;
        Assert.Equal([SchoolA, SchoolB], active.Select(s => s.Name));
        // Twelve weeks, the last the week of 9 March: school A's grades added up, weeks without rows left blank.
        Assert.Equal(12, Values(active[0]).Count);
        Assert.Equal(13, Values(active[0])[^1]);
        Assert.Equal(8, Values(active[0])[^2]);
        Assert.Null(Values(active[0])[0]);
        var accuracy = charts[1].Instance.ChartSeries;
        Assert.Equal(Math.Round(100.0 * 626 / 1244, 1), Values(accuracy[0])[^1]);
        Assert.Null(Values(accuracy[1])[^1]);
        Assert.Equal(70, Values(charts[2].Instance.ChartSeries[0])[^1]);
    }

    [Fact]
    public void Teacher_SeesOnlyTheirSchool_AndChoosingASchoolChartsItsGrades()
    {
        SignIn("teacher-analytics-a", "teacher-analytics-a@school.kr", Roles.Teacher);

        var page = RenderAt<AnalyticsPage>("/analytics");

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=analytics-row]").Count), Patience);
        Assert.DoesNotContain(page.FindAll("[data-testid=analytics-row] td"), td => td.TextContent.Trim() == SchoolB);

        Choose(page, "filter-school", SchoolA);

        page.WaitForAssertion(() => Assert.Contains("school=PAGE_A", Navigation.Uri), Patience);
        page.WaitForAssertion(() => Assert.Equal(["Grade 5", "Grade 6"], page.FindComponents<MudChart<double>>()[0].Instance.ChartSeries.Select(s => s.Name)), Patience);
    }

    [Fact]
    public void AWeekRangeInTheUrl_ShowsThoseWeeks_AndATeacherCannotReadAnotherSchoolThroughIt()
    {
        SignIn("teacher-analytics-a", "teacher-analytics-a@school.kr", Roles.Teacher);

        var page = RenderAt<AnalyticsPage>("/analytics?school=PAGE_B&from=2025-01-01&to=2026-03-15");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=analytics-empty]")), Patience);
        Assert.Contains("No analytics for these", page.Find("[data-testid=analytics-empty]").TextContent);
    }

    [Fact]
    public void NothingComputedYet_ExplainsTheTask_AndStaffGetALinkToTheScheduler()
    {
        SignIn("teacher-analytics-none", "teacher-analytics-none@school.kr", Roles.Teacher);

        var page = RenderAt<AnalyticsPage>("/analytics");

        page.WaitForAssertion(() => Assert.Contains("weekly_analytics", page.Find("[data-testid=analytics-empty]").TextContent), Patience);
        Assert.Empty(page.FindAll("[data-testid=scheduler-link]"));
        Assert.Contains("Not computed yet", page.Find("[data-testid=analytics-computed]").TextContent);
    }

    [Fact]
    public void Staff_OnAnEmptyRange_GetTheSchedulerLink()
    {
        SignIn("staff-analytics", "staff@school.kr", Roles.Staff);

        var page = RenderAt<AnalyticsPage>("/analytics?from=2020-01-06&to=2020-03-30");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=analytics-empty]")), Patience);
        Assert.Equal("/scheduler?type=weekly_analytics", page.Find("[data-testid=scheduler-link]").GetAttribute("href"));
    }

    private static List<double?> Values(ChartSeries<double> series) =>
        Enumerable.Range(0, series.Data.Count).Select(i => series.Data[i] is { HasValue: true } point ? (double?)point.Y : null).ToList();

    private static WeeklyAnalytics Row(string school, int grade, DateOnly week, int active, int attempts, int correct, double? score) => new()
    {
        SchoolId = school, Grade = grade, WeekStart = week, EnrolledStudents = active + 1, ActiveStudents = active, Events = 1500,
        TimeSpentSeconds = 7200, Attempts = attempts, CorrectAttempts = correct, AverageScore = score, ComputedAt = ComputedAt,
    };
}
