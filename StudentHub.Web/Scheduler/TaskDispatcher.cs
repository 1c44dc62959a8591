using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;
using StudentHub.Web.Health;

namespace StudentHub.Web.Scheduler;

/// <summary>A task this instance claimed, and the run it recorded for it.</summary>
public sealed record ClaimedRun(ScheduledTask Task, Guid RunId, DateTimeOffset ScheduledFor, int Attempt, DateTimeOffset StartedAt);

/// <summary>
/// Runs due scheduled tasks, once each however many app instances run it. One <see cref="BeatAsync"/> takes back the
/// runs of dead instances (their lease expired), claims due tasks with <c>FOR UPDATE SKIP LOCKED</c> (a task another
/// instance is claiming is skipped, not waited for), records a running <see cref="TaskRun"/> for each and keeps its id in
/// <c>celery_task_id</c> (so the task is not claimed again while it runs), runs the handlers side by side, then records
/// each outcome and the task's next run. Only the task types this app has a handler for are claimed: a type another
/// node of the platform runs stays due for it, rather than failing here.
/// </summary>
/// <remarks>
/// All writes are single SQL statements (raw or <c>ExecuteUpdate</c>), which the audit interceptor does not see: the
/// run history is the record of the scheduler's own work, and auditing every run would drown the people's changes.
/// "Now" is <see cref="TimeProvider"/>'s, passed to SQL, so that the tests can move time.
/// </remarks>
public sealed class TaskDispatcher(
    IDbContextFactory<StudentHubDbContext> contexts,
    IServiceScopeFactory scopes,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    IEnumerable<TaskTypeRegistration> taskTypes,
    StudentHubMetrics metrics,
    ILogger<TaskDispatcher> logger)
{
    private readonly SchedulerOptions _options = options.Value;
    private readonly string[] _handledTypes = [.. TaskTypeRegistration.Names(taskTypes)];

    /// <summary>One heartbeat; returns the runs it made.</summary>
    public async Task<IReadOnlyList<ClaimedRun>> BeatAsync(CancellationToken ct)
    {
        await ReclaimExpiredAsync(ct);
        await ResumeDueAsync(ct);
        var claimed = await ClaimAsync(ct);
        await Task.WhenAll(claimed.Select(run => RunAsync(run, ct)));
        return claimed;
    }

    /// <summary>Marks the running runs whose lease expired as abandoned and frees their tasks, which are due again.</summary>
    public async Task<int> ReclaimExpiredAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        // One statement: each expired run is taken by one instance only (SKIP LOCKED), and its task is freed with it.
        var freed = await db.Database.ExecuteSqlAsync($"""
            WITH expired AS (
                SELECT id FROM task_runs WHERE outcome = 'running' AND lease_until < {now}
                FOR UPDATE SKIP LOCKED),
            abandoned AS (
                UPDATE task_runs r SET outcome = 'abandoned', finished_at = {now}, lease_until = NULL,
                    error = 'The lease expired: instance ' || r.instance || ' stopped before finishing the run.'
                FROM expired e WHERE r.id = e.id
                RETURNING r.id, r.task_id)
            UPDATE scheduled_tasks s SET celery_task_id = NULL
            FROM abandoned a WHERE s.id = a.task_id AND s.celery_task_id = a.id::text
            """, ct);
        if (freed > 0)
            logger.LogWarning("Took back {Count} scheduled tasks whose run's lease expired", freed);
        return freed;
    }

    /// <summary>
    /// Resumes the paused tasks whose <c>config.resume_at</c> passed, each from its next occurrence after now
    /// (<see cref="SchedulerCommands.ResumedNextRun"/>), before the claim so that one due at once runs in this beat.
    /// </summary>
    /// <remarks>
    /// Through SaveChanges, unlike the rest of the dispatcher: a resume is a change of state staff look for in the audit
    /// trail ("who resumed it?"), and there it shows as the system's.
    /// </remarks>
    public async Task<int> ResumeDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var due = await db.ScheduledTasks.FromSql($"""
            SELECT * FROM scheduled_tasks
            WHERE status = 'paused' AND config->>'resume_at' IS NOT NULL AND (config->>'resume_at')::timestamptz <= {now}
            LIMIT {_options.BatchSize}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var task in due)
            SchedulerCommands.Resume(task, now, _options.DefaultTimeZone);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (due.Count > 0)
            logger.LogInformation("Resumed {Count} paused scheduled tasks whose resume time passed", due.Count);
        return due.Count;
    }

    /// <summary>
    /// Claims up to <see cref="SchedulerOptions.BatchSize"/> due active tasks of the handled types, oldest due first, and
    /// records a running run for each.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedRun>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Only active tasks are claimed, so a pause committed before this statement is always honoured.
        var due = await db.ScheduledTasks.FromSql($"""
            SELECT * FROM scheduled_tasks
            WHERE status = 'active' AND next_run_at <= {now} AND celery_task_id IS NULL AND task_type = ANY({_handledTypes})
            ORDER BY next_run_at
            LIMIT {_options.BatchSize}
            FOR UPDATE SKIP LOCKED
            """).AsNoTracking().ToListAsync(ct);
        if (due.Count == 0)
            return [];

        var runs = due.Select(t => new ClaimedRun(t, Guid.CreateVersion7(now), t.RetryScheduledFor ?? t.NextRunAt!.Value, t.RetryCount + 1, now))
            .ToList();
        var runIds = runs.Select(r => r.RunId).ToArray();
        var taskIds = runs.Select(r => r.Task.Id).ToArray();
        var scheduledFor = runs.Select(r => r.ScheduledFor).ToArray();
        var attempts = runs.Select(r => r.Attempt).ToArray();
        var leaseUntil = now.AddSeconds(_options.LeaseSeconds);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO task_runs (id, task_id, scheduled_for, started_at, outcome, attempt, instance, lease_until)
            SELECT r.id, r.task_id, r.scheduled_for, {now}, 'running', r.attempt, {_options.InstanceName}, {leaseUntil}
            FROM unnest({runIds}, {taskIds}, {scheduledFor}, {attempts}) AS r(id, task_id, scheduled_for, attempt)
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE scheduled_tasks s SET celery_task_id = r.id::text
            FROM unnest({runIds}, {taskIds}) AS r(id, task_id) WHERE s.id = r.task_id
            """, ct);
        await transaction.CommitAsync(ct);
        return runs;
    }

    /// <summary>Runs a claimed task's handler under the timeout, then records the outcome and the task's next run.</summary>
    public async Task RunAsync(ClaimedRun run, CancellationToken ct)
    {
        Dictionary<string, JsonElement>? output = null;
        string? error = null;
        TaskRunOutcome outcome;
        var timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds);
        using var timer = new CancellationTokenSource(timeout, clock);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredKeyedService<ITaskHandler>(run.Task.TaskType);
            // WaitAsync: a handler that ignores its token still lets the run end at the timeout.
            output = await handler.RunAsync(new TaskRunContext(run.Task, run.RunId, run.ScheduledFor, run.Attempt), cancel.Token)
                .WaitAsync(cancel.Token);
            outcome = TaskRunOutcome.Succeeded;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The app is stopping: the task is left due, for this or another instance to run again.
            (outcome, error) = (TaskRunOutcome.Abandoned, "The app stopped during the run.");
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            (outcome, error) = (TaskRunOutcome.TimedOut, $"Timed out after {_options.TimeoutSeconds} s.");
        }
        catch (Exception e)
        {
            (outcome, error) = (TaskRunOutcome.Failed, e.ToString());
        }
        if (outcome != TaskRunOutcome.Succeeded)
            logger.LogWarning("Scheduled task {TaskId} ({TaskType}), attempt {Attempt}: {Outcome}. {Error}",
                run.Task.Id, run.Task.TaskType, run.Attempt, outcome, error);
        metrics.TaskRun(run.Task.TaskType, outcome);

        // Recorded even when the app is stopping, so the run does not wait for its lease to expire.
        await FinishAsync(run, outcome, error, output, CancellationToken.None);
    }

    private async Task FinishAsync(
        ClaimedRun run, TaskRunOutcome outcome, string? error, Dictionary<string, JsonElement>? output, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The run first, then its task: the order the lease reclaim locks them in, so the two never deadlock.
        var recorded = await db.TaskRuns.Where(r => r.Id == run.RunId && r.Outcome == TaskRunOutcome.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Outcome, outcome)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Error, error)
                .SetProperty(r => r.Output, output)
                .SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null), ct);
        if (recorded == 0)
        {
            logger.LogWarning("Run {RunId} of scheduled task {TaskId} finished after its lease expired; it was already taken back",
                run.RunId, run.Task.Id);
            return;
        }

        var current = (await db.ScheduledTasks
            .FromSql($"SELECT * FROM scheduled_tasks WHERE id = {run.Task.Id} AND celery_task_id = {run.RunId.ToString()} FOR UPDATE")
            .AsNoTracking().ToListAsync(ct)).SingleOrDefault();
        if (current is null)
        {
            await transaction.CommitAsync(ct);
            return;
        }

        var next = Next(run, current, outcome, now);
        if (next.Problem is not null)
        {
            await db.TaskRuns.Where(r => r.Id == run.RunId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Error, error == null ? next.Problem : error + "\n" + next.Problem), ct);
        }
        await db.ScheduledTasks.Where(t => t.Id == current.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.CeleryTaskId, (string?)null)
                .SetProperty(t => t.LastRunAt, outcome == TaskRunOutcome.Abandoned ? current.LastRunAt : run.StartedAt)
                .SetProperty(t => t.Status, next.Status)
                .SetProperty(t => t.NextRunAt, next.RunAt)
                .SetProperty(t => t.RetryCount, next.RetryCount)
                .SetProperty(t => t.RetryScheduledFor, next.RetryScheduledFor), ct);
        await transaction.CommitAsync(ct);
    }

    private sealed record NextState(
        ScheduledTaskStatus Status, DateTimeOffset? RunAt, int RetryCount, DateTimeOffset? RetryScheduledFor, string? Problem = null);

    /// <summary>What the task looks like after the run: its next run, a retry, completion, or unchanged.</summary>
    private NextState Next(ClaimedRun run, ScheduledTask current, TaskRunOutcome outcome, DateTimeOffset now)
    {
        var kept = new NextState(current.Status, current.NextRunAt, current.RetryCount, current.RetryScheduledFor);
        if (outcome == TaskRunOutcome.Abandoned)
            return kept;
        // Paused or edited while it ran: whoever did that decides what comes next, and the old schedule's retries end.
        var edited = current.Status != ScheduledTaskStatus.Active
            || current.ScheduleType != run.Task.ScheduleType
            || current.CronExpression != run.Task.CronExpression
            || OpenJsonColumn.Serialize(current.Config) != OpenJsonColumn.Serialize(run.Task.Config);
        if (edited)
            return kept with { RetryCount = 0, RetryScheduledFor = null };

        DateTimeOffset? occurrence;
        try
        {
            occurrence = NextRun.After(run.Task, run.ScheduledFor, now, _options.DefaultTimeZone);
        }
        catch (InvalidScheduleException e)
        {
            // Stored by something that skipped validation: stop here, visibly, rather than fail every beat.
            return new NextState(ScheduledTaskStatus.Paused, null, 0, null, $"The task is paused: {e.Message}");
        }

        if (outcome != TaskRunOutcome.Succeeded && run.Attempt <= _options.MaxRetries)
        {
            var retryAt = now.AddSeconds(_options.BackoffBaseSeconds * Math.Pow(2, run.Attempt - 1));
            // A retry that would come after the next occurrence is no retry: the occurrence runs instead.
            if (occurrence is null || retryAt < occurrence)
                return new NextState(ScheduledTaskStatus.Active, retryAt, run.Attempt, run.ScheduledFor);
        }
        return occurrence is null
            ? new NextState(ScheduledTaskStatus.Completed, null, 0, null)
            : new NextState(ScheduledTaskStatus.Active, occurrence, 0, null);
    }
}
