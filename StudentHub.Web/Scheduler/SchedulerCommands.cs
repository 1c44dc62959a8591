using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Security;

namespace StudentHub.Web.Scheduler;

/// <summary>
/// Staff's commands on scheduled tasks: pause and resume (one or many), run now, delete, edit a schedule, create. Each is one SaveChanges on a
/// DbContext of its own, so the audit trail records who paused or resumed what, and when.
/// </summary>
/// <remarks>
/// The tasks are read <c>FOR UPDATE</c> in the command's transaction: a dispatcher finishing a run of the same task waits
/// for the command (or the command for it), and its <c>Next</c> sees a paused task as edited and leaves it paused.
/// A schedule edited while its task runs is the same: the run's end sees the new schedule and keeps the next run the edit set.
/// </remarks>
public sealed class SchedulerCommands(
    IDbContextFactory<StudentHubDbContext> contextFactory,
    CurrentUser currentUser,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    IStringLocalizer<SchedulerCommands> localizer,
    IStringLocalizer<ScheduleValidation> scheduleLocalizer,
    IEnumerable<TaskTypeRegistration> taskTypes)
{
    /// <summary>Most tasks one pause or resume changes: a multi-select of a few pages.</summary>
    public const int MaxTasksPerCommand = 500;

    /// <summary>Pauses the active tasks among <paramref name="ids"/>; the others are left as they are.</summary>
    /// <param name="reason">Shown on the dashboard while the tasks are paused.</param>
    /// <param name="resumeAt">When the dispatcher resumes them by itself; must be in the future.</param>
    public async Task<SchedulerCommandResult> PauseAsync(
        IReadOnlyCollection<Guid> ids, string? reason = null, DateTimeOffset? resumeAt = null, CancellationToken ct = default)
    {
        if (Check(ids) is { } refusal)
            return refusal;
        var now = clock.GetUtcNow();
        if (resumeAt is { } at && at <= now)
            return new SchedulerCommandResult(0, localizer["ResumeAtPast"]);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > 500 })
            return new SchedulerCommandResult(0, localizer["ReasonTooLong", 500]);

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var tasks = await LockAsync(db, ids, ct);
        var active = tasks.Where(t => t.Status == ScheduledTaskStatus.Active).ToList();
        foreach (var task in active)
        {
            task.Status = ScheduledTaskStatus.Paused;
            task.Config = With(task.Config, c =>
            {
                c.PausedReason = reason;
                c.ResumeAt = resumeAt?.ToUniversalTime();
            });
            // A retry of the paused schedule ends with it; the resume starts from the next occurrence.
            task.RetryCount = 0;
            task.RetryScheduledFor = null;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return active.Count == 0 && ids.Count == 1
            ? new SchedulerCommandResult(0, localizer["NotActive"])
            : new SchedulerCommandResult(active.Count);
    }

    /// <summary>Resumes the paused tasks among <paramref name="ids"/>, each from its next occurrence after now.</summary>
    public async Task<SchedulerCommandResult> ResumeAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        if (Check(ids) is { } refusal)
            return refusal;
        var now = clock.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var tasks = await LockAsync(db, ids, ct);
        var paused = tasks.Where(t => t.Status == ScheduledTaskStatus.Paused).ToList();
        foreach (var task in paused)
            Resume(task, now, options.Value.DefaultTimeZone);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return paused.Count == 0 && ids.Count == 1
            ? new SchedulerCommandResult(0, localizer["NotPaused"])
            : new SchedulerCommandResult(paused.Count);
    }

    /// <summary>Makes an active task due now: the next beat of any instance runs it.</summary>
    public async Task<SchedulerCommandResult> RunNowAsync(Guid id, CancellationToken ct = default)
    {
        if (Check([id]) is { } refusal)
            return refusal;
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var task = (await LockAsync(db, [id], ct)).SingleOrDefault();
        if (task is null)
            return new SchedulerCommandResult(0, localizer["Gone"]);
        var problem = task.Status switch
        {
            ScheduledTaskStatus.Paused => localizer["ResumeFirst"].Value,
            ScheduledTaskStatus.Completed => localizer["CompletedCannotRun"].Value,
            _ when task.CeleryTaskId is not null => localizer["AlreadyRunning"].Value,
            _ => null,
        };
        if (problem is not null)
            return new SchedulerCommandResult(0, problem);
        task.NextRunAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new SchedulerCommandResult(1);
    }

    /// <summary>Deletes a completed task and its run history; an active or paused one is refused (pause it instead).</summary>
    public async Task<SchedulerCommandResult> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        if (Check([id]) is { } refusal)
            return refusal;
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var task = (await LockAsync(db, [id], ct)).SingleOrDefault();
        if (task is null)
            return new SchedulerCommandResult(0, localizer["Gone"]);
        if (task.Status != ScheduledTaskStatus.Completed)
            return new SchedulerCommandResult(0, localizer["OnlyCompleted"]);
        db.ScheduledTasks.Remove(task);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new SchedulerCommandResult(1);
    }

    /// <summary>
    /// Gives a task a new schedule, due at its first run after now (<see cref="ScheduleSpec.FirstRun"/>). A paused task stays
    /// paused (its resume starts from that run); a completed one is refused. Refused, changing nothing, when the schedule is
    /// invalid or when the task was edited, paused or resumed since <paramref name="stamp"/> (<see cref="StampOf"/>) was read.
    /// </summary>
    public async Task<SchedulerCommandResult> EditScheduleAsync(Guid id, ScheduleSpec schedule, string stamp, CancellationToken ct = default)
    {
        if (Check([id]) is { } refusal)
            return refusal;
        var now = clock.GetUtcNow();
        if (ProblemOf(schedule, now) is { } problem)
            return problem;
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var task = (await LockAsync(db, [id], ct)).SingleOrDefault();
        if (task is null)
            return new SchedulerCommandResult(0, localizer["Gone"]);
        if (task.Status == ScheduledTaskStatus.Completed)
            return new SchedulerCommandResult(0, localizer["CompletedCannotEdit"]);
        if (StampOf(task) != stamp)
            return new SchedulerCommandResult(0, localizer["ChangedMeanwhile"]);
        schedule.ApplyTo(task);
        task.NextRunAt = schedule.FirstRun(now, options.Value.DefaultTimeZone);
        // The old schedule's retry ends with it.
        task.RetryCount = 0;
        task.RetryScheduledFor = null;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new SchedulerCommandResult(1);
    }

    /// <summary>Creates an active task of a registered type, global or for one student, due at its schedule's first run.</summary>
    public async Task<SchedulerCommandResult> CreateAsync(NewScheduledTask input, CancellationToken ct = default)
    {
        if (!IsStaff)
            return new SchedulerCommandResult(0, localizer["StaffOnly"]);
        if (!TaskTypeRegistration.Names(taskTypes).Contains(input.TaskType))
            return new SchedulerCommandResult(0, localizer["UnknownType", input.TaskType]);
        var reportFormat = input.TaskType == ReportFormats.DailyReport ? input.ReportFormat : null;
        if (input.TaskType == ReportFormats.DailyReport && !ReportFormats.All.Contains(reportFormat))
            return new SchedulerCommandResult(0, localizer["ReportFormatNeeded", string.Join(", ", ReportFormats.All)]);
        var now = clock.GetUtcNow();
        if (ProblemOf(input.Schedule, now) is { } problem)
            return problem;
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        if (input.StudentId is { } studentId && !await db.Students.AnyAsync(s => s.Id == studentId, ct))
            return new SchedulerCommandResult(0, localizer["StudentGone"]);
        var task = new ScheduledTask
        {
            TaskType = input.TaskType,
            StudentId = input.StudentId,
            Config = new TaskConfig { ReportFormat = reportFormat },
            Status = ScheduledTaskStatus.Active,
            CreatedAt = now,
        };
        input.Schedule.ApplyTo(task);
        task.NextRunAt = input.Schedule.FirstRun(now, options.Value.DefaultTimeZone);
        db.ScheduledTasks.Add(task);
        await db.SaveChangesAsync(ct);
        return new SchedulerCommandResult(1, Created: task.Id);
    }

    /// <summary>
    /// What an edit must still find: the task's status and schedule, not its next or last run, so that a run ending
    /// meanwhile does not refuse the edit, while another person's edit, pause or resume does.
    /// </summary>
    public static string StampOf(ScheduledTask task) =>
        string.Join('|', task.Status, task.ScheduleType, task.CronExpression, Data.Json.OpenJsonColumn.Serialize(task.Config));

    /// <summary>
    /// Makes a paused task active again, without its pause's reason and resume time, due at its next occurrence after
    /// <paramref name="now"/>: a task paused for a month does not run once for every occurrence it missed.
    /// </summary>
    public static void Resume(ScheduledTask task, DateTimeOffset now, string? defaultTimeZone)
    {
        task.Status = ScheduledTaskStatus.Active;
        task.Config = With(task.Config, c =>
        {
            c.PausedReason = null;
            c.ResumeAt = null;
        });
        task.RetryCount = 0;
        task.RetryScheduledFor = null;
        task.NextRunAt = ResumedNextRun(task, now, defaultTimeZone);
    }

    /// <summary>
    /// The next run of a task resumed at <paramref name="now"/>: its own next run when that is still ahead; else the next
    /// occurrence after now (an interval keeps its phase); a one-time task that missed its moment runs now.
    /// </summary>
    public static DateTimeOffset? ResumedNextRun(ScheduledTask task, DateTimeOffset now, string? defaultTimeZone)
    {
        if (task.NextRunAt is { } next && next > now)
            return next;
        if (task.ScheduleType == ScheduleType.OneTime)
            return now;
        try
        {
            return NextRun.After(task, task.NextRunAt ?? now, now, defaultTimeZone);
        }
        catch (InvalidScheduleException)
        {
            // Left for the dispatcher, which pauses it again with the reason in the run history.
            return now;
        }
    }

    private bool IsStaff => currentUser.IsInRole(Roles.Staff) || currentUser.IsInRole(Roles.Admin);

    private SchedulerCommandResult? ProblemOf(ScheduleSpec schedule, DateTimeOffset now) =>
        new ScheduleValidation(scheduleLocalizer).Check(schedule, now, options.Value.DefaultTimeZone) is { Count: > 0 } problems
            ? new SchedulerCommandResult(0, string.Join(" ", problems.Select(p => p.Message)))
            : null;

    private SchedulerCommandResult? Check(IReadOnlyCollection<Guid> ids)
    {
        if (!IsStaff)
            return new SchedulerCommandResult(0, localizer["StaffOnly"]);
        if (ids.Count == 0)
            return new SchedulerCommandResult(0, localizer["NoneChosen"]);
        if (ids.Count > MaxTasksPerCommand)
            return new SchedulerCommandResult(0, localizer["TooMany", MaxTasksPerCommand]);
        return null;
    }

    private static Task<List<ScheduledTask>> LockAsync(StudentHubDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var array = ids.Distinct().ToArray();
        // In id order, so two commands over overlapping selections lock in the same order and never deadlock.
        return db.ScheduledTasks.FromSql($"SELECT * FROM scheduled_tasks WHERE id = ANY({array}) ORDER BY id FOR UPDATE").ToListAsync(ct);
    }

    // A new object rather than a change inside the old one: the column's comparer then sees the change for certain.
    private static TaskConfig With(TaskConfig config, Action<TaskConfig> change)
    {
        var copy = Data.Json.OpenJsonColumn.Deserialize<TaskConfig>(Data.Json.OpenJsonColumn.Serialize(config));
        change(copy);
        return copy;
    }
}
