using Bunit;
using Bunit.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
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
        // The newest week first; one page, so no pager.
        var first = page.FindAll("[data-testid=analytics-row]")[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["3/9/2026", SchoolA, "5", "10", "9", "1,500", "2.0", "1,234", "50.0%", "80.0"], first);
        Assert.Equal(["3/9/2026", "3/9/2026", "3/9/2026", "3/2/2026"], page.FindAll("[data-testid=analytics-row] td:first-child").Select(td => td.TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=analytics-pager]"));
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
    public void AnotherSchoolInTheUrl_IsDroppedForATeacher_WhoSeesTheirOwnSchoolsInThoseWeeks()
    {
        SignIn("teacher-analytics-a", "teacher-analytics-a@school.kr", Roles.Teacher);

        var page = RenderAt<AnalyticsPage>("/analytics?school=PAGE_B&from=2025-01-01&to=2026-03-15");

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=analytics-row]").Count), Patience);
        Assert.All(page.FindAll("[data-testid=analytics-row] td:nth-child(2)"), td => Assert.Equal(SchoolA, td.TextContent.Trim()));
        // The select shows "All schools", never the school the teacher cannot choose.
        var select = page.FindComponent<MudSelect<string>>();
        Assert.Equal("", select.Instance.GetState(x => x.Value));
        Assert.DoesNotContain(SchoolB, select.Markup);
        Assert.Contains("All schools", select.Markup);
        Assert.Empty(page.FindAll("[data-testid=analytics-empty]"));
    }

    [Fact]
    public void DatePickers_TitleTheChosenDay_InTheReadersWords()
    {
        SignIn("admin-analytics", "admin@school.kr", Roles.Admin);

        var page = RenderAt<AnalyticsPage>("/analytics");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindComponents<MudDatePicker>().Count), Patience);
        Assert.All(page.FindComponents<MudDatePicker>(), picker =>
            Assert.Equal("Mon, Aug 31", new DateTime(2026, 8, 31).ToString(picker.Instance.TitleDateFormat, System.Globalization.CultureInfo.CurrentCulture)));
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


/// <summary>The Analytics table over more rows than a page holds: 25 at a time, the newest week first.</summary>
public class AnalyticsPagingTests : StudentComponentTest, IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly DateOnly LastWeek = new(2026, 3, 9);

    public AnalyticsPagingTests(DatabaseFixture database) : base(database)
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
        // Two schools, three grades, six weeks: 36 rows.
        foreach (var school in new[] { "PAGING_A", "PAGING_B" })
            for (var grade = 1; grade <= 3; grade++)
                for (var week = 0; week < 6; week++)
                    db.WeeklyAnalytics.Add(new WeeklyAnalytics
                    {
                        SchoolId = school, Grade = grade, WeekStart = LastWeek.AddDays(-7 * week), EnrolledStudents = 10, ActiveStudents = 5,
                        Events = 100, TimeSpentSeconds = 3600, Attempts = 10, CorrectAttempts = 5, ComputedAt = WeeklyAnalyticsTaskTests.Now,
                    });
        await db.SaveChangesAsync();
    }

    [Fact]
    public void TheTable_ShowsAPageOfRows_NewestFirst_AndThePagerTurnsToTheRest()
    {
        SignIn("admin-analytics", "admin@school.kr", Roles.Admin);

        var page = RenderAt<AnalyticsPage>("/analytics");

        page.WaitForAssertion(() => Assert.Equal(AnalyticsPage.RowsPerPage, page.FindAll("[data-testid=analytics-row]").Count), Patience);
        Assert.Equal(["3/9/2026", "PAGING_A", "1"], Cells(page, 0));
        Assert.Equal("Rows 1–25 of 36", page.Find("[data-testid=analytics-range]").TextContent.Trim());
        // The charts still cover every row: six weeks of both schools.
        Assert.Equal(2, page.FindComponents<MudChart<double>>()[0].Instance.ChartSeries.Count);

        Interact(page, () => page.FindAll("[data-testid=analytics-pager] button").Single(b => b.TextContent.Trim() == "2").Click());

        page.WaitForAssertion(() => Assert.Equal(11, page.FindAll("[data-testid=analytics-row]").Count), Patience);
        Assert.Equal("Rows 26–36 of 36", page.Find("[data-testid=analytics-range]").TextContent.Trim());
        Assert.Equal(["2/2/2026", "PAGING_B", "3"], Cells(page, 10));
    }

    private static List<string> Cells(IRenderedComponent<ContainerFragment> page, int row) =>
        page.FindAll("[data-testid=analytics-row]")[row].QuerySelectorAll("td").Take(3).Select(td => td.TextContent.Trim()).ToList();
}

/// <summary>The Analytics page in Korean: the date pickers title a day as Korean readers write it.</summary>
public class AnalyticsPageKoreanTests : StudentComponentTest, IClassFixture<DatabaseFixture>
{
    public AnalyticsPageKoreanTests(DatabaseFixture database) : base(database, "ko-KR")
    {
        Services.AddSingleton<TimeProvider>(new StoppedClock(WeeklyAnalyticsTaskTests.Now));
        Services.AddAnalytics();
    }

    [Fact]
    public void DatePickers_TitleTheChosenDay_InKorean()
    {
        SignIn("admin-analytics", "admin@school.kr", Roles.Admin);

        var page = RenderAt<AnalyticsPage>("/analytics");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindComponents<MudDatePicker>().Count), Patience);
        Assert.All(page.FindComponents<MudDatePicker>(), picker =>
            Assert.Equal("8월 31일 (월)", new DateTime(2026, 8, 31).ToString(picker.Instance.TitleDateFormat, System.Globalization.CultureInfo.CurrentCulture)));
    }
}
