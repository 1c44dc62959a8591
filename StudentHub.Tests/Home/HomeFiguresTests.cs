using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Home;
using StudentHub.Web.Localization;
using StudentHub.Web.Security;

namespace StudentHub.Tests.Home;

/// <summary>The overview's figures, counted in SQL, within the reader's schools and on the reader's calendar.</summary>
public class HomeFiguresTests(OverviewData data) : IClassFixture<OverviewData>
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public async Task TeacherOfSchoolA_CountsOnlySchoolA()
    {
        var figures = await FiguresFor(OverviewData.TeacherOfA, Roles.Teacher).LoadFiguresAsync(ReaderTimeZone.Seoul);

        Assert.Equal([OverviewData.SchoolA], figures.Schools!);
        Assert.Equal(2, figures.Students);
        Assert.Equal(2, figures.EventsToday);
        Assert.Equal(1, figures.ActiveInterventions);
        Assert.Equal(1, figures.TasksDue);
        Assert.Null(figures.Partitions);
    }

    [Fact]
    public async Task Admin_CountsEverySchool_GlobalTasks_AndThePartitions()
    {
        var figures = await FiguresFor(OverviewData.Admin, Roles.Admin).LoadFiguresAsync(ReaderTimeZone.Seoul);

        Assert.Null(figures.Schools);
        Assert.Equal(5, figures.Students);
        Assert.Equal(4, figures.EventsToday);
        Assert.Equal(3, figures.ActiveInterventions);
        Assert.Equal(3, figures.TasksDue);
        var partitions = await Sql.ScalarAsync<long>(data.Database.ConnectionString,
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.learning_history'::regclass");
        Assert.Equal(partitions, figures.Partitions!.Count);
        Assert.StartsWith("learning_history_", figures.Partitions.First);
    }

    [Fact]
    public async Task EventsToday_StartAtTheReadersMidnight()
    {
        Assert.Equal(3, (await FiguresFor(OverviewData.TeacherOfA, Roles.Teacher).LoadFiguresAsync(NewYork)).EventsToday);
        Assert.Equal(5, (await FiguresFor(OverviewData.Admin, Roles.Admin).LoadFiguresAsync(NewYork)).EventsToday);
    }

    [Fact]
    public async Task UserWithoutRole_CountsNothing()
    {
        var figures = await FiguresFor("nobody", []).LoadFiguresAsync(ReaderTimeZone.Seoul);

        Assert.Empty(figures.Schools!);
        Assert.Equal((0, 0, 0, 0), (figures.Students, figures.EventsToday, figures.ActiveInterventions, figures.TasksDue));
    }

    [Fact]
    public async Task EventsPerDay_AreTheLastFourteenSeoulDays_ByNode()
    {
        var chart = await FiguresFor(OverviewData.Admin, Roles.Admin).LoadEventsPerDayAsync(ReaderTimeZone.Seoul);

        Assert.Equal(14, chart.Days.Count);
        Assert.Equal(new DateOnly(2026, 2, 25), chart.Days[0]);
        Assert.Equal(new DateOnly(2026, 3, 10), chart.Days[^1]);
        Assert.Equal(6, chart.Counts.Count);
        Assert.Equal(
            [
                "02-28 node 6: 1",
                "03-09 node 2: 1",
                "03-10 node 1: 1",
                "03-10 node 2: 1",
                "03-10 node 4: 1",
                "03-10 node 5: 1",
            ],
            NonZero(chart));
    }

    [Fact]
    public async Task EventsPerDay_GroupByTheReadersCalendar_AndScope()
    {
        var chart = await FiguresFor(OverviewData.TeacherOfA, Roles.Teacher).LoadEventsPerDayAsync(NewYork);

        Assert.Equal(new DateOnly(2026, 2, 24), chart.Days[0]);
        Assert.Equal(new DateOnly(2026, 3, 9), chart.Days[^1]);
        Assert.Equal(["02-27 node 6: 1", "03-09 node 1: 1", "03-09 node 2: 2"], NonZero(chart));
    }

    private HomeFigures FiguresFor(string userId, params string[] roles)
    {
        var user = new CurrentUser(new HttpContextAccessor());
        user.Set(AppComponentTest.Principal(userId, userId + "@school.kr", roles));
        var contexts = data.Database.ContextFactory();
        return new HomeFigures(contexts, new SchoolScope(user, contexts), new StoppedClock(OverviewData.Now));
    }

    private static List<string> NonZero(EventsPerDay chart) =>
        chart.Counts
            .SelectMany((counts, node) => counts.Select((count, day) => (Day: chart.Days[day], Node: node + 1, Count: count)))
            .Where(c => c.Count > 0)
            .OrderBy(c => c.Day).ThenBy(c => c.Node)
            .Select(c => $"{c.Day:MM-dd} node {c.Node}: {c.Count}")
            .ToList();
}
