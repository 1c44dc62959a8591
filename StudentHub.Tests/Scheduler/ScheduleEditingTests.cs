using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Scheduler;
using static StudentHub.Tests.Scheduler.SchedulerTestKit;

namespace StudentHub.Tests.Scheduler;

/// <summary>
/// Editing a task's schedule and creating a task from the dashboard, against a real database: the next run recomputed as
/// the dispatcher computes it, bad schedules refused with the reason and nothing changed, a concurrent edit refused, the
/// audit trail. A database per test: the dispatcher's beat takes every task.
/// </summary>
public sealed class ScheduleEditingTests : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();
    private readonly ManualClock _clock = new(Now);

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task EditCron_RecomputesTheNextRunInTheTasksZone_KeepsTheRestOfTheConfig_AndIsAudited()
    {
        var id = await AddTaskAsync(_database, "daily_report", ScheduleType.Cron, Now.AddHours(6),
            new TaskConfig { TimeZone = "Asia/Seoul", ReportFormat = "pdf" }, "0 9 * * *");

        var result = await EditAsync(id, new ScheduleSpec(ScheduleType.Cron, " 30 18 * * 1-5 ", "America/New_York", null, null));

        Assert.Equal(new SchedulerCommandResult(1), result);
        var task = await ReadAsync(_database, id);
        // Now is Thursday 19 March, 23:00 in New York (EDT since 8 March): the next weekday 18:30 is Friday's.
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 22, 30, 0, TimeSpan.Zero), task.NextRunAt);
        Assert.Equal(("30 18 * * 1-5", "America/New_York", "pdf"), (task.CronExpression, task.Config.TimeZone, task.Config.ReportFormat));
        await using var db = _database.CreateDbContext();
        var audit = await db.AuditLogs.SingleAsync(a => a.EntityKey == id.ToString() && a.Action == "update");
        Assert.Equal("staff-scheduler", audit.UserId);
        Assert.Equal("0 9 * * *", audit.Changes!["cron_expression"].Old!.Value.GetString());
    }

    [Fact]
    public async Task EditToInterval_FirstRunIsOneIntervalAfterNow_AndToOneTime_RunsAtThatMoment()
    {
        var interval = await AddTaskAsync(_database, "count", ScheduleType.Cron, Now.AddHours(6), new TaskConfig(), "0 9 * * *");
        var once = await AddTaskAsync(_database, "count", ScheduleType.Cron, Now.AddHours(6), new TaskConfig(), "0 9 * * *");

        Assert.Equal(1, (await EditAsync(interval, new ScheduleSpec(ScheduleType.Interval, "ignored", null, 7200, null))).Changed);
        Assert.Equal(1, (await EditAsync(once, new ScheduleSpec(ScheduleType.OneTime, null, null, null, Now.AddDays(2)))).Changed);

        var i = await ReadAsync(_database, interval);
        Assert.Equal((ScheduleType.Interval, (string?)null, (int?)7200, (DateTimeOffset?)Now.AddHours(2)), (i.ScheduleType, i.CronExpression, i.Config.IntervalSeconds, i.NextRunAt));
        var o = await ReadAsync(_database, once);
        Assert.Equal((ScheduleType.OneTime, (string?)null, (DateTimeOffset?)Now.AddDays(2)), (o.ScheduleType, o.CronExpression, o.NextRunAt));
    }

    [Fact]
    public async Task BadSchedules_AreRefusedWithTheReason_AndChangeNothing()
    {
        var id = await AddTaskAsync(_database, "count", ScheduleType.Cron, Now.AddHours(6), new TaskConfig { TimeZone = "Asia/Seoul" }, "0 9 * * *");
        var before = SchedulerCommands.StampOf(await ReadAsync(_database, id));

        var past = await EditAsync(id, new ScheduleSpec(ScheduleType.OneTime, null, null, null, Now.AddMinutes(-1)));
        var cronAndZone = await EditAsync(id, new ScheduleSpec(ScheduleType.Cron, "0 9 * *", "Mars/Olympus", null, null));
        var never = await EditAsync(id, new ScheduleSpec(ScheduleType.Cron, "0 0 30 2 *", null, null, null));
        var tiny = await EditAsync(id, new ScheduleSpec(ScheduleType.Interval, null, null, 5, null));

        Assert.Equal("The time must be in the future.", past.Refusal);
        Assert.Contains("'Mars/Olympus' is not a known time zone", cronAndZone.Refusal);
        Assert.Contains("'0 9 * *' has 4 fields", cronAndZone.Refusal);
        Assert.Equal("'0 0 30 2 *' never occurs (such as 30 February).", never.Refusal);
        Assert.Equal("The interval must be from 1 minute to 366 days.", tiny.Refusal);
        var task = await ReadAsync(_database, id);
        Assert.Equal(before, SchedulerCommands.StampOf(task));
        Assert.Equal(Now.AddHours(6), task.NextRunAt);
        await using var db = _database.CreateDbContext();
        Assert.False(await db.AuditLogs.AnyAsync(a => a.EntityKey == id.ToString()));
    }

    [Fact]
    public async Task AnEditBasedOnAStaleRead_IsRefused_ButARunEndingMeanwhileIsNoConflict()
    {
        var id = await AddTaskAsync(_database, "count", ScheduleType.Cron, Now.AddHours(6), new TaskConfig(), "0 9 * * *");
        var mine = (await RunAsync<ScheduledTaskDirectory, EditableSchedule?>(_database, Staff, _clock, d => d.ScheduleAsync(id)))!;
        var theirs = (await RunAsync<ScheduledTaskDirectory, EditableSchedule?>(_database, Staff, _clock, d => d.ScheduleAsync(id)))!;
        // The dispatcher's own writes (a run ended): next and last run only.
        await using (var db = _database.CreateDbContext())
            await db.ScheduledTasks.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastRunAt, Now).SetProperty(t => t.NextRunAt, Now.AddDays(1)));

        var first = await CommandAsync(_database, _clock, c => c.EditScheduleAsync(id, new ScheduleSpec(ScheduleType.Cron, "0 7 * * *", null, null, null), theirs.Stamp));
        var second = await CommandAsync(_database, _clock, c => c.EditScheduleAsync(id, new ScheduleSpec(ScheduleType.Cron, "0 8 * * *", null, null, null), mine.Stamp));

        Assert.Equal(1, first.Changed);
        Assert.Equal("Someone changed this task while you were editing it. Close the form, look at the task again, then edit it.", second.Refusal);
        Assert.Equal("0 7 * * *", (await ReadAsync(_database, id)).CronExpression);
    }

    [Fact]
    public async Task EditingAPausedTask_KeepsItPaused_WithItsNewNextRun_AndACompletedOneIsRefused()
    {
        var paused = await AddTaskAsync(_database, "count", ScheduleType.Interval, Now.AddDays(-3), new TaskConfig { IntervalSeconds = 3600 }, status: ScheduledTaskStatus.Paused);
        var completed = await AddTaskAsync(_database, "count", ScheduleType.OneTime, null, status: ScheduledTaskStatus.Completed);

        Assert.Equal(1, (await EditAsync(paused, new ScheduleSpec(ScheduleType.Interval, null, null, 1800, null))).Changed);
        var refused = await EditAsync(completed, new ScheduleSpec(ScheduleType.OneTime, null, null, null, Now.AddDays(1)));

        var task = await ReadAsync(_database, paused);
        Assert.Equal((ScheduledTaskStatus.Paused, (DateTimeOffset?)Now.AddMinutes(30)), (task.Status, task.NextRunAt));
        Assert.Equal("The task is completed and does not run again; create a new one instead.", refused.Refusal);
        Assert.Equal(ScheduledTaskStatus.Completed, (await ReadAsync(_database, completed)).Status);
    }

    [Fact]
    public async Task Create_GlobalAndForAStudent_ActiveWithTheFirstRun_ReportFormatForDailyReportsOnly_AndAudited()
    {
        var student = await AddStudentAsync(_database, "예약 학생");

        var report = await CommandAsync(_database, _clock, c => c.CreateAsync(new NewScheduledTask("daily_report", student,
            new ScheduleSpec(ScheduleType.Cron, "0 15 * * *", "Asia/Seoul", null, null), "html")));
        var count = await CommandAsync(_database, _clock, c => c.CreateAsync(new NewScheduledTask("count", null,
            new ScheduleSpec(ScheduleType.Interval, null, null, 900, null), "html")));

        var r = await ReadAsync(_database, report.Created!.Value);
        Assert.Equal(("daily_report", (Guid?)student, ScheduledTaskStatus.Active, "html", (string?)"Asia/Seoul"),
            (r.TaskType, r.StudentId, r.Status, r.Config.ReportFormat, r.Config.TimeZone));
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 6, 0, 0, TimeSpan.Zero), r.NextRunAt); // today 15:00 in Seoul
        var c = await ReadAsync(_database, count.Created!.Value);
        Assert.Equal(((Guid?)null, (string?)null, (int?)900, (DateTimeOffset?)Now.AddMinutes(15)), (c.StudentId, c.Config.ReportFormat, c.Config.IntervalSeconds, c.NextRunAt));
        await using var db = _database.CreateDbContext();
        Assert.Equal(2, await db.AuditLogs.CountAsync(a => a.Action == "create" && a.EntityType == nameof(ScheduledTask) && a.UserId == "staff-scheduler"));
    }

    [Fact]
    public async Task Create_RefusesAnUnregisteredType_AMissingReportFormat_AGoneStudent_AndATeacher()
    {
        var schedule = new ScheduleSpec(ScheduleType.Cron, "0 9 * * *", null, null, null);

        var unknown = await CommandAsync(_database, _clock, c => c.CreateAsync(new NewScheduledTask("mine_bitcoin", null, schedule)));
        var format = await CommandAsync(_database, _clock, c => c.CreateAsync(new NewScheduledTask("daily_report", null, schedule, "docx")));
        var gone = await CommandAsync(_database, _clock, c => c.CreateAsync(new NewScheduledTask("count", Guid.NewGuid(), schedule)));
        var teacher = await CommandAsync(_database, _clock, c => c.CreateAsync(new NewScheduledTask("count", null, schedule)), Principal("t", "teacher", Roles.Teacher));

        Assert.Equal("'mine_bitcoin' is not a task type this app runs.", unknown.Refusal);
        Assert.Equal("Choose the report format: pdf, html.", format.Refusal);
        Assert.Equal("The student no longer exists.", gone.Refusal);
        Assert.Equal("Only staff and admins manage scheduled tasks.", teacher.Refusal);
        await using var db = _database.CreateDbContext();
        Assert.False(await db.ScheduledTasks.AnyAsync());
    }

    [Fact]
    public async Task Preview_IsWhatTheDispatcherThenRuns_FiveRunsOverNewYorksFallBack()
    {
        // Friday 30 October 2026; New York leaves daylight saving time on Sunday 1 November.
        var start = new DateTimeOffset(2026, 10, 30, 12, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(start);
        var schedule = new ScheduleSpec(ScheduleType.Cron, "30 1 * * *", "America/New_York", null, null);
        var preview = schedule.Preview(start, null);
        var created = await CommandAsync(_database, clock, c => c.CreateAsync(new NewScheduledTask("count", null, schedule)));
        await using var harness = new SchedulerHarness(_database.ConnectionString, clock);
        harness.Handle("count", new RecordingHandler());
        var dispatcher = harness.Dispatcher("a");

        var runs = new List<DateTimeOffset>();
        for (var next = (await ReadAsync(_database, created.Created!.Value)).NextRunAt; next is { } at && runs.Count < 5;
             next = (await ReadAsync(_database, created.Created!.Value)).NextRunAt)
        {
            runs.Add(at);
            clock.Now = at.AddSeconds(3);
            Assert.Single(await dispatcher.BeatAsync(CancellationToken.None));
        }

        Assert.Equal(5, preview.Count);
        Assert.Equal(preview, runs);
        // 01:30 EDT is 05:30 UTC, 01:30 EST 06:30 UTC: the runs cross the change.
        Assert.Equal(5, preview[0].UtcDateTime.Hour);
        Assert.Equal(6, preview[^1].UtcDateTime.Hour);
    }

    private async Task<SchedulerCommandResult> EditAsync(Guid id, ScheduleSpec schedule)
    {
        var current = await RunAsync<ScheduledTaskDirectory, EditableSchedule?>(_database, Staff, _clock, d => d.ScheduleAsync(id));
        return await CommandAsync(_database, _clock, c => c.EditScheduleAsync(id, schedule, current!.Stamp));
    }
}
