using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.Scheduler;

/// <summary>The dispatcher against a real database; each test gets a database of its own, since a beat claims every due task.</summary>
public sealed class TaskDispatcherTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    private readonly DatabaseFixture _database = new();
    private SchedulerHarness _harness = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _harness = new SchedulerHarness(_database.ConnectionString, new ManualClock(Start));
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TwoDispatchers_RacingOverAThousandDueTasks_RunEachExactlyOnce()
    {
        var handler = new RecordingHandler(async (_, ct) => await Task.Yield());
        _harness.Handle("count", handler);
        await Sql.ExecuteAsync(_database.ConnectionString, $"""
            INSERT INTO scheduled_tasks (task_type, schedule_type, config, next_run_at)
            SELECT 'count', 'interval', '{"{"}"interval_seconds": 3600{"}"}', '{Start.AddMinutes(-5):O}'::timestamptz - g * interval '1 ms'
            FROM generate_series(1, 1000) g
            """);
        var first = _harness.Dispatcher("instance-a");
        var second = _harness.Dispatcher("instance-b");

        await Task.WhenAll(Task.Run(() => DrainAsync(first)), Task.Run(() => DrainAsync(second)));

        Assert.Equal(1000, handler.Runs.Count);
        Assert.All(handler.Runs.Values, n => Assert.Equal(1, n));
        await using var db = _database.CreateDbContext();
        var runs = await db.TaskRuns.GroupBy(r => r.Instance).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.Equal(1000, runs.Sum(r => r.Count));
        Assert.Equal(2, runs.Count); // both instances took part
        Assert.Equal(1000, await db.TaskRuns.Select(r => r.TaskId).Distinct().CountAsync());
        Assert.Equal(1000, await db.TaskRuns.CountAsync(r => r.Outcome == TaskRunOutcome.Succeeded && r.LeaseUntil == null));
        Assert.Equal(1000, await db.ScheduledTasks.CountAsync(t =>
            t.CeleryTaskId == null && t.LastRunAt == Start && t.NextRunAt > Start && t.NextRunAt <= Start.AddHours(1)));
    }

    [Fact]
    public async Task Beat_RunsADueTask_RecordsTheRun_AndSchedulesTheNextFromTheScheduledTime()
    {
        var handler = new RecordingHandler();
        _harness.Handle("count", handler);
        var scheduled = Start.AddSeconds(-7);
        var task = await AddTaskAsync("count", ScheduleType.Interval, scheduled, new TaskConfig { IntervalSeconds = 600 });
        var seoul = await AddTaskAsync("count", ScheduleType.Cron, Start, new TaskConfig { TimeZone = "Asia/Seoul" }, "0 9 * * *");
        var later = await AddTaskAsync("count", ScheduleType.Interval, Start.AddSeconds(1), new TaskConfig { IntervalSeconds = 600 });

        var claimed = await _harness.Dispatcher("a").BeatAsync(CancellationToken.None);

        Assert.Equal([scheduled, Start], claimed.Select(r => r.ScheduledFor));
        await using var db = _database.CreateDbContext();
        var run = await db.TaskRuns.SingleAsync(r => r.TaskId == task);
        Assert.Equal((TaskRunOutcome.Succeeded, 1, scheduled, Start, Start, "a"), (run.Outcome, run.Attempt, run.ScheduledFor, run.StartedAt, run.FinishedAt, run.Instance));
        Assert.Equal("/reports/" + run.Id, run.Output!["report_url"].GetString());
        Assert.Null(run.Error);
        var after = await db.ScheduledTasks.SingleAsync(t => t.Id == task);
        Assert.Equal((ScheduledTaskStatus.Active, scheduled.AddMinutes(10), Start, null, 0), (after.Status, after.NextRunAt, after.LastRunAt, after.CeleryTaskId, after.RetryCount));
        Assert.Equal(Start.AddDays(1), (await db.ScheduledTasks.SingleAsync(t => t.Id == seoul)).NextRunAt); // 09:00 in Seoul
        Assert.False(await db.TaskRuns.AnyAsync(r => r.TaskId == later));
    }

    [Fact]
    public async Task OneTimeTask_IsCompletedAfterItsRun()
    {
        _harness.Handle("count", new RecordingHandler());
        var task = await AddTaskAsync("count", ScheduleType.OneTime, Start);

        await _harness.Dispatcher("a").BeatAsync(CancellationToken.None);

        await using var db = _database.CreateDbContext();
        var after = await db.ScheduledTasks.SingleAsync(t => t.Id == task);
        Assert.Equal((ScheduledTaskStatus.Completed, null, Start), (after.Status, after.NextRunAt, after.LastRunAt));
    }

    [Fact]
    public async Task KilledRun_IsTakenBackWhenItsLeaseExpires_MarkedAbandoned_AndRunAgain()
    {
        var handler = new RecordingHandler();
        _harness.Handle("count", handler);
        var task = await AddTaskAsync("count", ScheduleType.Interval, Start.AddMinutes(-1), new TaskConfig { IntervalSeconds = 3600 });
        // An instance claimed it, then died: its run is left running, and the task still names it.
        var dead = Guid.CreateVersion7();
        await Sql.ExecuteAsync(_database.ConnectionString, $"""
            INSERT INTO task_runs (id, task_id, scheduled_for, started_at, outcome, attempt, instance, lease_until)
            VALUES ('{dead}', '{task}', '{Start.AddMinutes(-1):O}', '{Start.AddMinutes(-1):O}', 'running', 1, 'dead-instance', '{Start.AddMinutes(4):O}');
            UPDATE scheduled_tasks SET celery_task_id = '{dead}' WHERE id = '{task}';
            """);
        var dispatcher = _harness.Dispatcher("survivor");

        Assert.Empty(await dispatcher.BeatAsync(CancellationToken.None)); // the lease still holds
        _harness.Clock.Now = Start.AddMinutes(5);
        var claimed = await dispatcher.BeatAsync(CancellationToken.None);

        Assert.Equal(task, Assert.Single(claimed).Task.Id);
        Assert.Equal(1, handler.Runs[task]);
        await using var db = _database.CreateDbContext();
        var abandoned = await db.TaskRuns.SingleAsync(r => r.Id == dead);
        Assert.Equal((TaskRunOutcome.Abandoned, Start.AddMinutes(5), null), (abandoned.Outcome, abandoned.FinishedAt, abandoned.LeaseUntil));
        Assert.Contains("dead-instance", abandoned.Error);
        var rerun = await db.TaskRuns.SingleAsync(r => r.Id != dead);
        Assert.Equal((TaskRunOutcome.Succeeded, "survivor", Start.AddMinutes(-1)), (rerun.Outcome, rerun.Instance, rerun.ScheduledFor));
        var after = await db.ScheduledTasks.SingleAsync(t => t.Id == task);
        Assert.Equal((null, Start.AddMinutes(59), Start.AddMinutes(5)), (after.CeleryTaskId, after.NextRunAt, after.LastRunAt));
    }

    [Fact]
    public async Task PauseBetweenClaims_IsHonoured_AndAPauseDuringTheRunOutlastsIt()
    {
        var release = new TaskCompletionSource();
        var handler = new RecordingHandler(async (_, ct) => await release.Task.WaitAsync(ct));
        _harness.Handle("wait", handler);
        var running = await AddTaskAsync("wait", ScheduleType.Interval, Start, new TaskConfig { IntervalSeconds = 600 });
        var paused = await AddTaskAsync("wait", ScheduleType.Interval, Start, new TaskConfig { IntervalSeconds = 600 });
        await PauseAsync(paused);
        var dispatcher = _harness.Dispatcher("a");

        var claimed = Assert.Single(await dispatcher.ClaimAsync(CancellationToken.None));
        Assert.Equal(running, claimed.Task.Id);
        var run = dispatcher.RunAsync(claimed, CancellationToken.None);
        await PauseAsync(running); // while its handler runs
        Assert.Empty(await _harness.Dispatcher("b").ClaimAsync(CancellationToken.None));
        release.SetResult();
        await run;

        Assert.Empty(await dispatcher.BeatAsync(CancellationToken.None));
        Assert.Equal([running], handler.Runs.Keys);
        await using var db = _database.CreateDbContext();
        var after = await db.ScheduledTasks.SingleAsync(t => t.Id == running);
        // The run is recorded and the task freed, but it stays paused, and its next run is for whoever resumes it to set.
        Assert.Equal((ScheduledTaskStatus.Paused, Start, Start, null), (after.Status, after.NextRunAt, after.LastRunAt, after.CeleryTaskId));
        Assert.Equal(TaskRunOutcome.Succeeded, (await db.TaskRuns.SingleAsync()).Outcome);
        var untouched = await db.ScheduledTasks.SingleAsync(t => t.Id == paused);
        Assert.Equal((ScheduledTaskStatus.Paused, Start, null), (untouched.Status, untouched.NextRunAt, untouched.LastRunAt));
    }

    [Fact]
    public async Task Failure_IsRetriedWithDoublingBackoff_ThenWaitsForTheNextOccurrence()
    {
        var handler = new RecordingHandler((_, _) => throw new InvalidOperationException("The report service is down."));
        _harness.Handle("fail", handler);
        var task = await AddTaskAsync("fail", ScheduleType.Interval, Start, new TaskConfig { IntervalSeconds = 3600 });
        var dispatcher = _harness.Dispatcher("a", o => (o.MaxRetries, o.BackoffBaseSeconds) = (2, 30));

        await dispatcher.BeatAsync(CancellationToken.None);
        await AssertTaskAsync(Start.AddSeconds(30), retryCount: 1);
        _harness.Clock.Now = Start.AddSeconds(29);
        Assert.Empty(await dispatcher.BeatAsync(CancellationToken.None)); // not before the backoff
        _harness.Clock.Now = Start.AddSeconds(30);
        await dispatcher.BeatAsync(CancellationToken.None);
        await AssertTaskAsync(Start.AddSeconds(90), retryCount: 2);
        _harness.Clock.Now = Start.AddSeconds(90);
        await dispatcher.BeatAsync(CancellationToken.None);
        await AssertTaskAsync(Start.AddHours(1), retryCount: 0); // out of retries: the next occurrence, in phase

        Assert.Equal(3, handler.Runs[task]);
        await using var db = _database.CreateDbContext();
        var runs = await db.TaskRuns.OrderBy(r => r.StartedAt).ToListAsync();
        Assert.Equal([1, 2, 3], runs.Select(r => r.Attempt));
        Assert.All(runs, r => Assert.Equal((TaskRunOutcome.Failed, Start), (r.Outcome, r.ScheduledFor)));
        Assert.All(runs, r => Assert.Contains("The report service is down.", r.Error));

        async Task AssertTaskAsync(DateTimeOffset next, int retryCount)
        {
            await using var check = _database.CreateDbContext();
            var after = await check.ScheduledTasks.SingleAsync(t => t.Id == task);
            Assert.Equal((ScheduledTaskStatus.Active, next, retryCount, retryCount == 0 ? null : Start, null),
                (after.Status, after.NextRunAt, after.RetryCount, after.RetryScheduledFor, after.CeleryTaskId));
        }
    }

    [Fact]
    public async Task OneTimeTask_OutOfRetries_IsCompleted()
    {
        _harness.Handle("fail", new RecordingHandler((_, _) => throw new InvalidOperationException("No.")));
        var task = await AddTaskAsync("fail", ScheduleType.OneTime, Start);
        var dispatcher = _harness.Dispatcher("a", o => o.MaxRetries = 1);

        await dispatcher.BeatAsync(CancellationToken.None);
        _harness.Clock.Now = Start.AddSeconds(30);
        await dispatcher.BeatAsync(CancellationToken.None);

        await using var db = _database.CreateDbContext();
        var after = await db.ScheduledTasks.SingleAsync(t => t.Id == task);
        Assert.Equal((ScheduledTaskStatus.Completed, null), (after.Status, after.NextRunAt));
        Assert.Equal(2, await db.TaskRuns.CountAsync(r => r.Outcome == TaskRunOutcome.Failed));
    }

    [Fact]
    public async Task HandlerPastItsTimeout_IsCancelled_AndTheRunMarkedTimedOut()
    {
        var token = CancellationToken.None;
        _harness.Handle("hang", new RecordingHandler(async (_, ct) =>
        {
            token = ct;
            await Task.Delay(Timeout.Infinite, ct);
        }));
        var task = await AddTaskAsync("hang", ScheduleType.Interval, Start, new TaskConfig { IntervalSeconds = 3600 });

        await _harness.Dispatcher("a", o => (o.TimeoutSeconds, o.LeaseSeconds, o.MaxRetries) = (1, 10, 0)).BeatAsync(CancellationToken.None);

        Assert.True(token.IsCancellationRequested);
        await using var db = _database.CreateDbContext();
        var run = await db.TaskRuns.SingleAsync();
        Assert.Equal((TaskRunOutcome.TimedOut, "Timed out after 1 s."), (run.Outcome, run.Error));
        Assert.Equal(Start.AddHours(1), (await db.ScheduledTasks.SingleAsync(t => t.Id == task)).NextRunAt);
    }

    [Fact]
    public async Task TaskOfATypeWithoutHandler_IsLeftDue_ForTheNodeThatRunsIt()
    {
        var task = await AddTaskAsync("another_nodes_type", ScheduleType.Interval, Start, new TaskConfig { IntervalSeconds = 3600 });

        var claimed = await _harness.Dispatcher("a").BeatAsync(CancellationToken.None);

        Assert.DoesNotContain(claimed, run => run.Task.Id == task);
        await using var db = _database.CreateDbContext();
        Assert.False(await db.TaskRuns.AnyAsync(r => r.TaskId == task));
        var left = await db.ScheduledTasks.SingleAsync(t => t.Id == task);
        Assert.Equal((ScheduledTaskStatus.Active, Start, (string?)null), (left.Status, left.NextRunAt, left.CeleryTaskId));
    }

    [Fact]
    public async Task StoredScheduleThatCannotBeComputed_PausesTheTask_AndSaysWhy()
    {
        _harness.Handle("count", new RecordingHandler());
        var task = await AddTaskAsync("count", ScheduleType.Cron, Start, new TaskConfig(), "not a cron");

        await _harness.Dispatcher("a").BeatAsync(CancellationToken.None);

        await using var db = _database.CreateDbContext();
        var after = await db.ScheduledTasks.SingleAsync(t => t.Id == task);
        Assert.Equal((ScheduledTaskStatus.Paused, null), (after.Status, after.NextRunAt));
        var run = await db.TaskRuns.SingleAsync();
        Assert.Equal(TaskRunOutcome.Succeeded, run.Outcome);
        Assert.Contains("The task is paused: 'not a cron' has 3 fields", run.Error);
    }

    private static async Task DrainAsync(TaskDispatcher dispatcher)
    {
        while ((await dispatcher.BeatAsync(CancellationToken.None)).Count > 0)
        {
        }
    }

    private async Task<Guid> AddTaskAsync(string type, ScheduleType schedule, DateTimeOffset nextRunAt, TaskConfig? config = null, string? cron = null)
    {
        await using var db = _database.CreateDbContext();
        var task = new ScheduledTask { TaskType = type, ScheduleType = schedule, CronExpression = cron, Config = config ?? new TaskConfig(), NextRunAt = nextRunAt };
        db.ScheduledTasks.Add(task);
        await db.SaveChangesAsync();
        return task.Id;
    }

    private Task PauseAsync(Guid task) =>
        Sql.ExecuteAsync(_database.ConnectionString, $"UPDATE scheduled_tasks SET status = 'paused' WHERE id = '{task}'");
}
