using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Scheduler;
using static StudentHub.Tests.Scheduler.SchedulerTestKit;

namespace StudentHub.Tests.Scheduler;

/// <summary>
/// Staff's pause, resume, run now and delete against a real database, with the audit trail they leave, and the
/// dispatcher resuming a task whose automatic resume time passed. A database per test: the dispatcher's beat takes every task.
/// </summary>
public sealed class SchedulerCommandsTests : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();
    private readonly ManualClock _clock = new(Now);

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task PauseMany_WithReasonAndResumeTime_PausesTheActiveOnes_AndTheAuditTrailSaysWho()
    {
        var daily = await AddTaskAsync(_database, "daily_report", ScheduleType.Cron, Now.AddHours(2), new TaskConfig { TimeZone = "Asia/Seoul" }, "0 9 * * *");
        var hourly = await AddTaskAsync(_database, "count", ScheduleType.Interval, Now.AddMinutes(10), new TaskConfig { IntervalSeconds = 3600 });
        var done = await AddTaskAsync(_database, "once", ScheduleType.OneTime, null, status: ScheduledTaskStatus.Completed);
        var resumeAt = Now.AddDays(1);

        var result = await CommandAsync(_database, _clock, c => c.PauseAsync([daily, hourly, done], "  exam week  ", resumeAt));

        Assert.Equal(new SchedulerCommandResult(2), result);
        foreach (var id in new[] { daily, hourly })
        {
            var task = await ReadAsync(_database, id);
            Assert.Equal((ScheduledTaskStatus.Paused, "exam week", resumeAt), (task.Status, task.Config.PausedReason, task.Config.ResumeAt));
        }
        Assert.Equal("Asia/Seoul", (await ReadAsync(_database, daily)).Config.TimeZone);
        Assert.Equal(ScheduledTaskStatus.Completed, (await ReadAsync(_database, done)).Status);
        await using var db = _database.CreateDbContext();
        var audits = await db.AuditLogs.Where(a => a.EntityType == nameof(ScheduledTask) && a.Action == "update").ToListAsync();
        Assert.Equal(new[] { daily, hourly }.Select(i => i.ToString()).Order(), audits.Select(a => a.EntityKey!).Order());
        Assert.All(audits, a =>
        {
            Assert.Equal(("staff-scheduler", "직원 박민지"), (a.UserId, a.UserName));
            Assert.Equal("active", a.Changes!["status"].Old!.Value.GetString());
            Assert.Equal("paused", a.Changes!["status"].New!.Value.GetString());
        });
    }

    [Fact]
    public async Task Pause_RefusesAResumeTimeInThePast_AndATeacher()
    {
        var id = await AddTaskAsync(_database, "count", ScheduleType.Interval, Now.AddMinutes(10), new TaskConfig { IntervalSeconds = 3600 });

        var past = await CommandAsync(_database, _clock, c => c.PauseAsync([id], null, Now.AddMinutes(-1)));
        var teacher = await CommandAsync(_database, _clock, c => c.PauseAsync([id]), Principal("t", "teacher", Roles.Teacher));

        Assert.Equal("The automatic resume time must be in the future.", past.Refusal);
        Assert.Equal("Only staff and admins manage scheduled tasks.", teacher.Refusal);
        Assert.Equal(ScheduledTaskStatus.Active, (await ReadAsync(_database, id)).Status);
    }

    [Fact]
    public async Task Resume_ClearsThePause_AndRunsFromTheNextOccurrence_NotOncePerMissedRun()
    {
        // Paused a week ago: a daily 09:00 Seoul task and a 10-minute interval, both long overdue.
        var daily = await AddTaskAsync(_database, "daily_report", ScheduleType.Cron, Now.AddDays(-7), new TaskConfig { TimeZone = "Asia/Seoul" }, "0 9 * * *");
        var interval = await AddTaskAsync(_database, "count", ScheduleType.Interval, Now.AddDays(-7).AddMinutes(3), new TaskConfig { IntervalSeconds = 600 });
        var soon = await AddTaskAsync(_database, "count", ScheduleType.Interval, Now.AddMinutes(5), new TaskConfig { IntervalSeconds = 600 });
        await CommandAsync(_database, _clock, c => c.PauseAsync([daily, interval, soon], "holiday"));

        var result = await CommandAsync(_database, _clock, c => c.ResumeAsync([daily, interval, soon]));

        Assert.Equal(3, result.Changed);
        var d = await ReadAsync(_database, daily);
        Assert.Equal((ScheduledTaskStatus.Active, (string?)null, (DateTimeOffset?)null), (d.Status, d.Config.PausedReason, d.Config.ResumeAt));
        Assert.Equal(new DateTimeOffset(2026, 3, 21, 0, 0, 0, TimeSpan.Zero), d.NextRunAt); // tomorrow 09:00 in Seoul
        Assert.Equal(Now.AddMinutes(3), (await ReadAsync(_database, interval)).NextRunAt); // keeps its phase
        Assert.Equal(Now.AddMinutes(5), (await ReadAsync(_database, soon)).NextRunAt); // still ahead: unchanged
        await using var db = _database.CreateDbContext();
        Assert.Equal(6, await db.AuditLogs.CountAsync(a => a.EntityType == nameof(ScheduledTask) && a.UserId == "staff-scheduler"));
    }

    [Fact]
    public async Task RunNow_MakesAnActiveTaskDue_AndTellsThatAPausedOneMustBeResumedFirst()
    {
        var active = await AddTaskAsync(_database, "count", ScheduleType.Interval, Now.AddHours(5), new TaskConfig { IntervalSeconds = 3600 * 6 });
        var paused = await AddTaskAsync(_database, "count", ScheduleType.Interval, Now.AddHours(5), new TaskConfig { IntervalSeconds = 3600 }, status: ScheduledTaskStatus.Paused);
        var completed = await AddTaskAsync(_database, "once", ScheduleType.OneTime, null, status: ScheduledTaskStatus.Completed);

        Assert.Equal(new SchedulerCommandResult(1), await CommandAsync(_database, _clock, c => c.RunNowAsync(active)));
        Assert.Equal("The task is paused: resume it first, then run it now.", (await CommandAsync(_database, _clock, c => c.RunNowAsync(paused))).Refusal);
        Assert.Equal("The task is completed and does not run again.", (await CommandAsync(_database, _clock, c => c.RunNowAsync(completed))).Refusal);

        Assert.Equal(Now, (await ReadAsync(_database, active)).NextRunAt);
        Assert.Equal(Now.AddHours(5), (await ReadAsync(_database, paused)).NextRunAt);
    }

    [Fact]
    public async Task Delete_RemovesACompletedTask_AndRefusesAnActiveOrPausedOne()
    {
        var active = await AddTaskAsync(_database, "count", ScheduleType.Interval, Now.AddHours(5), new TaskConfig { IntervalSeconds = 3600 });
        var paused = await AddTaskAsync(_database, "count", ScheduleType.Interval, null, new TaskConfig { IntervalSeconds = 3600 }, status: ScheduledTaskStatus.Paused);
        var completed = await AddTaskAsync(_database, "once", ScheduleType.OneTime, null, status: ScheduledTaskStatus.Completed);

        var refusedActive = await CommandAsync(_database, _clock, c => c.DeleteAsync(active));
        var refusedPaused = await CommandAsync(_database, _clock, c => c.DeleteAsync(paused));
        var deleted = await CommandAsync(_database, _clock, c => c.DeleteAsync(completed));

        Assert.Equal("Only completed tasks can be deleted; pause an active one instead.", refusedActive.Refusal);
        Assert.True(refusedPaused.Refused);
        Assert.Equal(1, deleted.Changed);
        await using var db = _database.CreateDbContext();
        Assert.Equal(new[] { active, paused }.Order(), (await db.ScheduledTasks.Select(t => t.Id).ToListAsync()).Order());
        Assert.Equal("staff-scheduler", (await db.AuditLogs.SingleAsync(a => a.Action == "delete" && a.EntityKey == completed.ToString())).UserId);
    }

    [Fact]
    public async Task Dispatcher_ResumesATaskWhoseResumeTimePassed_AndRunsItWhenDue()
    {
        await using var harness = new SchedulerHarness(_database.ConnectionString, new ManualClock(Now));
        var handler = new RecordingHandler();
        harness.Handle("count", handler);
        var due = await AddTaskAsync(_database, "count", ScheduleType.Interval, Now.AddHours(-3), new TaskConfig { IntervalSeconds = 3600 });
        var later = await AddTaskAsync(_database, "count", ScheduleType.Interval, Now.AddHours(-3), new TaskConfig { IntervalSeconds = 3600 });
        await CommandAsync(_database, _clock, c => c.PauseAsync([due], "maintenance", Now.AddMinutes(30)));
        await CommandAsync(_database, _clock, c => c.PauseAsync([later], "maintenance", Now.AddHours(2)));
        var dispatcher = harness.Dispatcher("a");

        Assert.Empty(await dispatcher.BeatAsync(CancellationToken.None));
        harness.Clock.Now = Now.AddMinutes(31);
        Assert.Empty(await dispatcher.BeatAsync(CancellationToken.None));

        // Resumed three hours after its missed run: from the next occurrence in its phase, not once per missed hour.
        var resumed = await ReadAsync(_database, due);
        Assert.Equal((ScheduledTaskStatus.Active, (string?)null, (DateTimeOffset?)null), (resumed.Status, resumed.Config.PausedReason, resumed.Config.ResumeAt));
        Assert.Equal(Now.AddHours(1), resumed.NextRunAt);
        Assert.Equal(ScheduledTaskStatus.Paused, (await ReadAsync(_database, later)).Status);

        harness.Clock.Now = Now.AddHours(1);
        var runs = await dispatcher.BeatAsync(CancellationToken.None);
        Assert.Equal([due], runs.Select(r => r.Task.Id));
        Assert.Equal(1, handler.Runs[due]);
    }
}
