using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Scheduler;
using static StudentHub.Tests.Scheduler.SchedulerTestKit;

namespace StudentHub.Tests.Scheduler;

/// <summary>The dashboard's list in SQL: next run first (none last), search, filters, sorts, paging, the last run's outcome.</summary>
public sealed class ScheduledTaskDirectoryTests : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();
    private readonly ManualClock _clock = new(Now);
    private Guid _global, _paused, _kim, _lee, _done;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var kim = await AddStudentAsync(_database, "김하늘");
        var lee = await AddStudentAsync(_database, "이바다");
        _global = await AddTaskAsync(_database, "weekly_analytics", ScheduleType.Cron, Now.AddHours(3), cron: "0 6 * * 1");
        _paused = await AddTaskAsync(_database, "retention", ScheduleType.Cron, Now.AddHours(1), cron: "0 4 * * *", status: ScheduledTaskStatus.Paused);
        _kim = await AddTaskAsync(_database, "daily_report", ScheduleType.Cron, Now.AddHours(2), cron: "0 9 * * *", studentId: kim, lastRun: Now.AddDays(-1));
        _lee = await AddTaskAsync(_database, "daily_report", ScheduleType.Interval, Now.AddMinutes(5), new TaskConfig { IntervalSeconds = 600 }, studentId: lee);
        _done = await AddTaskAsync(_database, "once", ScheduleType.OneTime, null, status: ScheduledTaskStatus.Completed);
        await using var db = _database.CreateDbContext();
        db.TaskRuns.AddRange(
            new TaskRun { Id = Guid.NewGuid(), TaskId = _kim, ScheduledFor = Now.AddDays(-2), StartedAt = Now.AddDays(-2), Outcome = TaskRunOutcome.Succeeded, Attempt = 1, Instance = "a" },
            new TaskRun { Id = Guid.NewGuid(), TaskId = _kim, ScheduledFor = Now.AddDays(-1), StartedAt = Now.AddDays(-1), Outcome = TaskRunOutcome.Failed, Attempt = 1, Instance = "a" });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task List_ByDefault_IsByNextRun_WithoutOneLast_AndCarriesTheLastOutcomeAndStudent()
    {
        var page = await ListAsync(new TaskFilter());

        Assert.Equal([_lee, _paused, _kim, _global, _done], page.Rows.Select(r => r.Id));
        Assert.Equal(5, page.Total);
        var kim = page.Rows.Single(r => r.Id == _kim);
        Assert.Equal(("김하늘", TaskRunOutcome.Failed), (kim.StudentName, kim.LastOutcome));
        Assert.Null(page.Rows.Single(r => r.Id == _global).LastOutcome);
        Assert.Equal(600, page.Rows.Single(r => r.Id == _lee).IntervalSeconds);
    }

    [Fact]
    public async Task List_FiltersBySearchStatusTypeAndScope()
    {
        Assert.Equal([_kim], (await ListAsync(new TaskFilter(Search: "하늘"))).Rows.Select(r => r.Id));
        Assert.Equal([_global], (await ListAsync(new TaskFilter(Search: "WEEKLY"))).Rows.Select(r => r.Id));
        Assert.Equal([_paused], (await ListAsync(new TaskFilter(Status: ScheduledTaskStatus.Paused))).Rows.Select(r => r.Id));
        Assert.Equal([_lee, _kim], (await ListAsync(new TaskFilter(TaskType: "daily_report"))).Rows.Select(r => r.Id));
        Assert.Equal([_lee, _kim], (await ListAsync(new TaskFilter(Scope: TaskScope.Student))).Rows.Select(r => r.Id));
        Assert.Equal([_paused, _global, _done], (await ListAsync(new TaskFilter(Scope: TaskScope.Global))).Rows.Select(r => r.Id));
        Assert.Empty((await ListAsync(new TaskFilter(Search: "100%"))).Rows);
    }

    [Fact]
    public async Task List_SortsByOtherColumns_AndPages()
    {
        var byType = await ListAsync(new TaskFilter(), TaskSortColumn.TaskType);
        Assert.Equal(["daily_report", "daily_report", "once", "retention", "weekly_analytics"], byType.Rows.Select(r => r.TaskType));
        var nextRunDescending = await ListAsync(new TaskFilter(), TaskSortColumn.NextRun, descending: true);
        Assert.Equal([_global, _kim, _paused, _lee, _done], nextRunDescending.Rows.Select(r => r.Id));
        var second = await ListAsync(new TaskFilter(), skip: 2, take: 2);
        Assert.Equal([_kim, _global], second.Rows.Select(r => r.Id));
        Assert.Equal(5, second.Total);
    }

    [Fact]
    public async Task Filter_RoundTripsThroughTheUrl_IgnoringNonsense()
    {
        var filter = new TaskFilter("김", ScheduledTaskStatus.Paused, "daily_report", TaskScope.Student);
        var parameters = TaskFilterQuery.ToParameters(filter);
        Assert.Equal(filter, TaskFilterQuery.FromQuery(name => (string?)parameters[name]));
        Assert.Equal(new TaskFilter(), TaskFilterQuery.FromQuery(name => name == "status" ? "sleeping" : name == "scope" ? "everyone" : null));
    }

    private Task<TaskListPage> ListAsync(TaskFilter filter, TaskSortColumn sort = TaskSortColumn.NextRun, bool descending = false, int skip = 0, int take = 25) =>
        RunAsync<ScheduledTaskDirectory, TaskListPage>(_database, Staff, _clock, d => d.ListAsync(filter, sort, descending, skip, take));
}
