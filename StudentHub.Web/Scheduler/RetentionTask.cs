using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Scheduler;

/// <summary>What a retention run would do, or did.</summary>
public sealed record RetentionReport(int StudentsAnonymized, int CompletedTasksDeleted);

/// <summary>
/// The daily retention: students graduated more than five years ago are anonymized (<c>anonymize_old_students()</c>:
/// name, email, parent contact and metadata cleared; their events and interventions kept; a student with no graduation
/// date is never touched), and completed scheduled tasks older than a year are deleted with their run history.
/// <see cref="PlanAsync"/> gives the counts without changing anything.
/// </summary>
/// <remarks>
/// A completed task's age is its last run (<c>last_run_at</c>), else its creation (<c>created_at</c>): a one-time task made
/// long ago that ran last week is recent history, not old. The students' cutoff is the function's own SQL
/// (<c>CURRENT_DATE - INTERVAL '5 years'</c>), so the plan counts what the run then changes. The function's UPDATE bypasses
/// the audit interceptor, so a run records one audit row of its own with the counts and the students' ids.
/// </remarks>
public sealed class Retention(IDbContextFactory<StudentHubDbContext> contexts, TimeProvider clock)
{
    public const string TaskType = "retention";
    public const string ActorName = "system:retention";
    public const string AuditAction = "retention";

    private const string AnonymizableSql = """
        SELECT id AS "Value" FROM students
        WHERE graduated_at < CURRENT_DATE - INTERVAL '5 years' AND name <> 'ANONYMIZED_' || id
        """;

    public async Task<RetentionReport> PlanAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var students = await db.Database.SqlQueryRaw<Guid>(AnonymizableSql).CountAsync(ct);
        return new RetentionReport(students, await OldCompletedTasks(db).CountAsync(ct));
    }

    public async Task<RetentionReport> RunAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Locked, so the function's UPDATE changes exactly these (an edit meanwhile waits for the commit).
        var students = await db.Database.SqlQueryRaw<Guid>(AnonymizableSql + " ORDER BY id FOR UPDATE").ToListAsync(ct);
        await db.Database.ExecuteSqlRawAsync("SELECT anonymize_old_students()", ct);
        // Their kept progress reports carry the names just cleared.
        await db.StudentReports.Where(r => students.Contains(r.StudentId)).ExecuteDeleteAsync(ct);
        var deleted = await OldCompletedTasks(db).ExecuteDeleteAsync(ct);

        if (students.Count > 0 || deleted > 0)
        {
            db.AuditLogs.Add(new AuditLog
            {
                OccurredAt = clock.GetUtcNow(),
                UserName = ActorName,
                Action = AuditAction,
                EntityType = nameof(Student),
                Details = new Dictionary<string, JsonElement>
                {
                    ["students_anonymized"] = JsonSerializer.SerializeToElement(students.Count),
                    ["student_ids"] = JsonSerializer.SerializeToElement(students),
                    ["completed_tasks_deleted"] = JsonSerializer.SerializeToElement(deleted),
                },
            });
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return new RetentionReport(students.Count, deleted);
    }

    private IQueryable<ScheduledTask> OldCompletedTasks(StudentHubDbContext db)
    {
        var cutoff = clock.GetUtcNow().AddYears(-1);
        return db.ScheduledTasks.Where(t => t.Status == ScheduledTaskStatus.Completed && (t.LastRunAt ?? t.CreatedAt) < cutoff);
    }
}

/// <summary>The scheduled task type <c>retention</c>: one run of <see cref="Retention"/>; output the two counts.</summary>
public sealed class RetentionTask(Retention retention) : ITaskHandler
{
    public async Task<Dictionary<string, JsonElement>?> RunAsync(TaskRunContext run, CancellationToken ct) =>
        TaskOutput.From(await retention.RunAsync(ct));
}
