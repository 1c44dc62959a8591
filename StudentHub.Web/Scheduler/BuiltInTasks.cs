using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Analytics;
using StudentHub.Web.Interventions;
using StudentHub.Web.Reports;
using StudentHub.Web.Security;

namespace StudentHub.Web.Scheduler;

/// <summary>A piece of recurring work the hub itself schedules, as a global task staff can see and pause.</summary>
public sealed record BuiltInTask(string TaskType, string CronExpression);

/// <summary>
/// Makes the built-in global tasks that are missing when a scheduling instance starts. Only missing ones: a task
/// staff paused or rescheduled stays as they left it. Audited as <see cref="ActorName"/>.
/// </summary>
public sealed class BuiltInTasks(IServiceScopeFactory scopes, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<BuiltInTasks> logger)
{
    public const string ActorName = "system:scheduler";

    /// <summary>The tasks, each in the configured default time zone (Korean schools: Asia/Seoul).</summary>
    public static readonly IReadOnlyList<BuiltInTask> All =
    [
        // Nightly, after the day's events are in and before teachers start.
        new(AutoInterventions.TaskType, "0 3 * * *"),
        // Monthly, well before the months the partitions are for; archiving is a catalogue change, quick at any hour.
        new(PartitionMaintenance.TaskType, "0 4 1 * *"),
        new(Retention.TaskType, "30 3 * * *"),
        // Monday morning, once the weekend's events are in: the week that just finished, for the Analytics page.
        new(WeeklyAnalyticsTask.TaskType, "0 10 * * 1"),
        // Before the night's jobs, so a dump is taken of the day as it ended.
        new(DatabaseBackup.TaskType, "0 2 * * *"),
        // Before the school day, so teachers start it with the day before in their students' reports.
        new(DailyReportTask.TaskType, "0 7 * * *"),
    ];

    // Instances starting together must not both make a task.
    private const long LockKey = 0x5348_5461_736b; // "SHTask"

    private static readonly ClaimsPrincipal Actor =
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, ActorName)], authenticationType: "System"));

    public async Task<IReadOnlyList<ScheduledTask>> EnsureAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(Actor);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<StudentHubDbContext>>().CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", ct);

        var existing = await db.ScheduledTasks.Where(t => t.StudentId == null).Select(t => t.TaskType).Distinct().ToListAsync(ct);
        var now = clock.GetUtcNow();
        var zone = options.Value.DefaultTimeZone;
        var made = new List<ScheduledTask>();
        foreach (var builtIn in All.Where(b => !existing.Contains(b.TaskType)))
        {
            var task = new ScheduledTask
            {
                TaskType = builtIn.TaskType,
                ScheduleType = ScheduleType.Cron,
                CronExpression = builtIn.CronExpression,
                Config = new TaskConfig { TimeZone = zone },
                Status = ScheduledTaskStatus.Active,
                CreatedAt = now,
            };
            task.NextRunAt = NextRun.After(task, now, now, zone);
            made.Add(task);
        }
        db.ScheduledTasks.AddRange(made);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        foreach (var task in made)
            logger.LogInformation("Scheduled the built-in task {TaskType} ({Cron}, {Zone}), first run {NextRunAt:u}",
                task.TaskType, task.CronExpression, zone ?? "UTC", task.NextRunAt);
        return made;
    }
}
