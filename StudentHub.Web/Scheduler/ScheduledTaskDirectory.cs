using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Scheduler;

/// <summary>Whose tasks the dashboard lists: every one, the global ones, or those of a student.</summary>
public enum TaskScope
{
    All,
    Global,
    Student,
}

/// <summary>What the dashboard is filtered by; every part optional. It round-trips through the page's URL.</summary>
public sealed record TaskFilter(string? Search = null, ScheduledTaskStatus? Status = null, string? TaskType = null, TaskScope Scope = TaskScope.All);

public enum TaskSortColumn
{
    NextRun,
    TaskType,
    Student,
    Status,
    LastRun,
    CreatedAt,
}

/// <summary>A row of the dashboard: plain values, so that a reloaded page's rows equal the selected ones.</summary>
public sealed record TaskRow(
    Guid Id,
    string TaskType,
    Guid? StudentId,
    string? StudentName,
    ScheduleType ScheduleType,
    string? CronExpression,
    int? IntervalSeconds,
    string? TimeZone,
    ScheduledTaskStatus Status,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? LastRunAt,
    TaskRunOutcome? LastOutcome,
    bool Running,
    string? PausedReason,
    DateTimeOffset? ResumeAt)
{
    public TaskConfig ScheduleConfig => new() { IntervalSeconds = IntervalSeconds, TimeZone = TimeZone };
}

public sealed record TaskListPage(IReadOnlyList<TaskRow> Rows, int Total);

/// <summary>One task with its run history, for the task page.</summary>
public sealed record TaskDetails(TaskRow Task, DateTimeOffset CreatedAt, int RetryCount, IReadOnlyList<TaskRun> Runs);

/// <summary>A task's schedule as the edit dialog loads it, with the stamp an edit must still match to save.</summary>
public sealed record EditableSchedule(Guid Id, string TaskType, ScheduleSpec Schedule, string Stamp);

/// <summary>
/// The dashboard's queries, in SQL: search by task type or student name, filters, sort (by next run by default, which
/// <c>idx_scheduled_tasks_list</c> serves) and paging.
/// </summary>
public sealed class ScheduledTaskDirectory(IDbContextFactory<StudentHubDbContext> contextFactory)
{
    public async Task<TaskListPage> ListAsync(
        TaskFilter filter, TaskSortColumn sort, bool descending, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var tasks = Filtered(db, filter);
        var ordered = (sort, descending) switch
        {
            (TaskSortColumn.TaskType, false) => tasks.OrderBy(t => t.TaskType).ThenBy(t => t.NextRunAt),
            (TaskSortColumn.TaskType, true) => tasks.OrderByDescending(t => t.TaskType).ThenBy(t => t.NextRunAt),
            (TaskSortColumn.Student, false) => tasks.OrderBy(t => t.Student!.Name).ThenBy(t => t.TaskType),
            (TaskSortColumn.Student, true) => tasks.OrderByDescending(t => t.Student!.Name).ThenBy(t => t.TaskType),
            (TaskSortColumn.Status, false) => tasks.OrderBy(t => t.Status).ThenBy(t => t.NextRunAt),
            (TaskSortColumn.Status, true) => tasks.OrderByDescending(t => t.Status).ThenBy(t => t.NextRunAt),
            (TaskSortColumn.LastRun, false) => tasks.OrderBy(t => t.LastRunAt == null).ThenBy(t => t.LastRunAt),
            (TaskSortColumn.LastRun, true) => tasks.OrderBy(t => t.LastRunAt == null).ThenByDescending(t => t.LastRunAt),
            (TaskSortColumn.CreatedAt, false) => tasks.OrderBy(t => t.CreatedAt),
            (TaskSortColumn.CreatedAt, true) => tasks.OrderByDescending(t => t.CreatedAt),
            // Tasks with no next run (completed, some paused) last, whichever way. Ascending, PostgreSQL already sorts
            // NULLs last, so the default order is plain (next_run_at, id): idx_scheduled_tasks_list reads one page of it.
            (_, true) => tasks.OrderBy(t => t.NextRunAt == null).ThenByDescending(t => t.NextRunAt),
            _ => tasks.OrderBy(t => t.NextRunAt),
        };
        var rows = await ProjectAsync(db, ordered.ThenBy(t => t.Id).Skip(skip).Take(take), ct);
        var total = await tasks.CountAsync(ct);
        return new TaskListPage(rows, total);
    }

    public async Task<TaskDetails?> FindAsync(Guid id, int runs = 50, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var row = (await ProjectAsync(db, db.ScheduledTasks.AsNoTracking().Where(t => t.Id == id), ct)).SingleOrDefault();
        if (row is null)
            return null;
        var extra = await db.ScheduledTasks.Where(t => t.Id == id).Select(t => new { t.CreatedAt, t.RetryCount }).SingleAsync(ct);
        var history = await db.TaskRuns.AsNoTracking().Where(r => r.TaskId == id)
            .OrderByDescending(r => r.StartedAt).Take(runs).ToListAsync(ct);
        return new TaskDetails(row, extra.CreatedAt, extra.RetryCount, history);
    }

    /// <summary>A task's schedule for the edit dialog, with the stamp its save must still match; null when there is no such task.</summary>
    public async Task<EditableSchedule?> ScheduleAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var task = await db.ScheduledTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        return task is null ? null : new EditableSchedule(task.Id, task.TaskType, ScheduleSpec.Of(task), SchedulerCommands.StampOf(task));
    }

    /// <summary>The task types in use, for the type filter.</summary>
    public async Task<IReadOnlyList<string>> TaskTypesAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.ScheduledTasks.Select(t => t.TaskType).Distinct().OrderBy(t => t).ToListAsync(ct);
    }

    private static IQueryable<ScheduledTask> Filtered(StudentHubDbContext db, TaskFilter filter)
    {
        var tasks = db.ScheduledTasks.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = "%" + EscapeLike(filter.Search.Trim()) + "%";
            tasks = tasks.Where(t => EF.Functions.ILike(t.TaskType, pattern, @"\")
                                     || (t.Student != null && EF.Functions.ILike(t.Student.Name, pattern, @"\")));
        }
        if (filter.Status is { } status)
            tasks = tasks.Where(t => t.Status == status);
        if (filter.TaskType is { } type)
            tasks = tasks.Where(t => t.TaskType == type);
        tasks = filter.Scope switch
        {
            TaskScope.Global => tasks.Where(t => t.StudentId == null),
            TaskScope.Student => tasks.Where(t => t.StudentId != null),
            _ => tasks,
        };
        return tasks;
    }

    // The config is one JSON value to EF Core (a converted column): read whole, its fields picked here.
    private static async Task<List<TaskRow>> ProjectAsync(StudentHubDbContext db, IQueryable<ScheduledTask> tasks, CancellationToken ct)
    {
        var rows = await tasks.Select(t => new
        {
            t.Id,
            t.TaskType,
            t.StudentId,
            StudentName = t.Student != null ? t.Student.Name : null,
            t.ScheduleType,
            t.CronExpression,
            t.Config,
            t.Status,
            t.NextRunAt,
            t.LastRunAt,
            // The newest run, through idx_task_runs_task_started: one index probe per row of the page.
            LastOutcome = db.TaskRuns.Where(r => r.TaskId == t.Id).OrderByDescending(r => r.StartedAt)
                .Select(r => (TaskRunOutcome?)r.Outcome).FirstOrDefault(),
            Running = t.CeleryTaskId != null,
        }).ToListAsync(ct);
        return rows.Select(t => new TaskRow(t.Id, t.TaskType, t.StudentId, t.StudentName, t.ScheduleType, t.CronExpression,
            t.Config.IntervalSeconds, t.Config.TimeZone, t.Status, t.NextRunAt, t.LastRunAt, t.LastOutcome, t.Running,
            t.Config.PausedReason, t.Config.ResumeAt)).ToList();
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}

/// <summary>
/// A <see cref="TaskFilter"/> as URL query parameters (<c>q</c>, <c>status</c>, <c>type</c>, <c>scope</c>); unknown or
/// malformed values are ignored rather than failing the page.
/// </summary>
public static class TaskFilterQuery
{
    public const string Search = "q";
    public const string Status = "status";
    public const string Type = "type";
    public const string Scope = "scope";

    public static IReadOnlyDictionary<string, object?> ToParameters(TaskFilter filter) => new Dictionary<string, object?>
    {
        [Search] = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim(),
        [Status] = filter.Status?.ToString().ToLowerInvariant(),
        [Type] = filter.TaskType,
        [Scope] = filter.Scope == TaskScope.All ? null : filter.Scope.ToString().ToLowerInvariant(),
    };

    public static TaskFilter FromQuery(Func<string, string?> get) => new(
        Search: Text(get(Search)),
        Status: Enum.TryParse<ScheduledTaskStatus>(get(Status), ignoreCase: true, out var status) && Enum.IsDefined(status) ? status : null,
        TaskType: Text(get(Type)),
        Scope: get(Scope) switch { "global" => TaskScope.Global, "student" => TaskScope.Student, _ => TaskScope.All });

    public static string ToQueryString(TaskFilter filter) =>
        QueryHelpers.AddQueryString("", ToParameters(filter).Where(p => p.Value is not null).ToDictionary(p => p.Key, p => (string?)p.Value));

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
