using Bunit;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Shell;
using StudentHub.Web.Home;

namespace StudentHub.Tests.Home;

/// <summary>The overview page, on a real database: each reader sees the figures of their own schools, live.</summary>
public class HomePageTests : AppComponentTest, IClassFixture<OverviewData>
{
    public HomePageTests(OverviewData data)
    {
        UseDatabase(data.Database);
        Services.AddSingleton<TimeProvider>(new StoppedClock(OverviewData.Now));
    }

    [Fact]
    public void TeacherOfSchoolA_SeesSchoolAsFigures_AndNoPartitions()
    {
        SignIn(OverviewData.TeacherOfA, "teacher-a@school.kr", Roles.Teacher);

        var page = RenderLoaded();

        Assert.Equal("2", Figure(page, "students"));
        Assert.Equal("2", Figure(page, "events-today"));
        Assert.Equal("1", Figure(page, "interventions"));
        Assert.Equal("1", Figure(page, "tasks-due"));
        Assert.Empty(page.FindAll("[data-testid=figure-partitions]"));
        Assert.Contains("your schools (SCH-A)", page.Find("[data-testid=scope]").TextContent);
    }

    [Fact]
    public void Admin_SeesEverySchoolsFigures_AndThePartitions()
    {
        SignIn(OverviewData.Admin, "admin-1@school.kr", Roles.Admin);

        var page = RenderLoaded();

        Assert.Equal("5", Figure(page, "students"));
        Assert.Equal("4", Figure(page, "events-today"));
        Assert.Equal("3", Figure(page, "interventions"));
        Assert.Equal("3", Figure(page, "tasks-due"));
        Assert.NotNull(page.Find("[data-testid=figure-partitions]"));
        Assert.Contains("every school", page.Find("[data-testid=scope]").TextContent);
    }

    [Fact]
    public void EventsToday_FollowTheReadersTimeZone_OnceTheBrowserAnswers()
    {
        JSInterop.SetupModule("./js/reader-time-zone.js").Setup<string?>("readerTimeZone").SetResult("America/New_York");
        SignIn(OverviewData.TeacherOfA, "teacher-a@school.kr", Roles.Teacher);

        var page = Render<HomePage>();

        page.WaitForAssertion(() => Assert.Equal("3", Figure(page, "events-today")));
        Assert.Contains("America/New_York", page.Find("[data-testid=figure-events-today]").TextContent);
    }

    [Fact]
    public void Chart_ShowsFourteenDaysOfTheSixNodes()
    {
        SignIn(OverviewData.Admin, "admin-1@school.kr", Roles.Admin);

        var page = RenderLoaded();

        var chart = page.Find("[data-testid=events-per-day]");
        Assert.NotNull(chart.QuerySelector("svg"));
        foreach (var node in Enumerable.Range(1, 6))
            Assert.Contains($"Node {node}", chart.TextContent);
        Assert.Contains("Feb 25", chart.TextContent);
        Assert.Contains("Mar 10", chart.TextContent);
    }

    private IRenderedComponent<HomePage> RenderLoaded()
    {
        var page = Render<HomePage>();
        page.WaitForElement("[data-testid=events-per-day]");
        return page;
    }

    private static string Figure(IRenderedComponent<HomePage> page, string name) =>
        page.Find($"[data-testid=figure-{name}] .figure-value").TextContent.Trim();
}

/// <summary>The same page in Korean, the default language.</summary>
public class HomePageInKoreanTests : AppComponentTest, IClassFixture<OverviewData>
{
    public HomePageInKoreanTests(OverviewData data) : base("ko-KR")
    {
        UseDatabase(data.Database);
        Services.AddSingleton<TimeProvider>(new StoppedClock(OverviewData.Now));
    }

    [Fact]
    public void Overview_SpeaksKorean()
    {
        SignIn(OverviewData.TeacherOfA, "teacher-a@school.kr", Roles.Teacher);

        var page = Render<HomePage>();
        page.WaitForElement("[data-testid=events-per-day]");

        Assert.Contains("오늘의 학습 이벤트", page.Markup);
        Assert.Contains("담당 학교(SCH-A)", page.Find("[data-testid=scope]").TextContent);
        Assert.Contains("노드 6", page.Find("[data-testid=events-per-day]").TextContent);
        Assert.Contains("3/10", page.Find("[data-testid=events-per-day]").TextContent);
        Assert.DoesNotContain("Learning events", page.Markup);
    }
}
