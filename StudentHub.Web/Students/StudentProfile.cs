using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Security;

namespace StudentHub.Web.Students;

/// <summary>Everything the student page shows, read in one go.</summary>
/// <param name="Interventions">Every intervention of the student, whatever its status, newest first.</param>
/// <param name="LatestEvents">The newest <see cref="StudentProfile.LatestEventCount"/> learning events, newest first.</param>
/// <param name="Tasks">The student's own scheduled tasks (global tasks belong to no student), next due first.</param>
public sealed record StudentProfileView(
    Guid Id,
    string Name,
    string SchoolId,
    int Grade,
    string? ClassName,
    string? StudentNumber,
    string? Email,
    string? ParentContact,
    StudentMetadata Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateOnly? GraduatedAt,
    IReadOnlyList<StudentIntervention> Interventions,
    IReadOnlyList<RecentEvent> LatestEvents,
    IReadOnlyList<StudentTask> Tasks);

public sealed record StudentIntervention(
    Guid Id,
    InterventionType Type,
    InterventionStatus Status,
    IReadOnlyList<WeakArea> WeakAreas,
    int Completed,
    int Total,
    DateTimeOffset CreatedAt,
    InterventionEvidence? Evidence)
{
    /// <summary>0–100; an intervention with no steps yet has made no progress.</summary>
    public double Percent => Total <= 0 ? 0 : Math.Clamp(100.0 * Completed / Total, 0, 100);
}

public sealed record RecentEvent(long Id, DateTimeOffset OccurredAt, EventType EventType, int SourceNode, string? Concept, string? Result);

public sealed record StudentTask(
    Guid Id,
    string TaskType,
    ScheduleType ScheduleType,
    string? CronExpression,
    int? IntervalSeconds,
    ScheduledTaskStatus Status,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? LastRunAt);

/// <summary>
/// The student page's queries. A student outside the reader's schools reads exactly like a missing one (null), so the
/// page answers 404 for both and never tells a teacher that another school's student exists.
/// </summary>
public sealed class StudentProfile(IDbContextFactory<StudentHubDbContext> contextFactory, SchoolScope scope)
{
    public const int LatestEventCount = 10;

    public async Task<StudentProfileView?> LoadAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var students = await scope.ApplyAsync(db.Students.AsNoTracking(), ct);
        var student = await students.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (student is null)
            return null;

        // idx_interventions_student_id serves this.
        var interventions = await db.Interventions.AsNoTracking()
            .Where(i => i.StudentId == id)
            .OrderByDescending(i => i.CreatedAt)
            .ToListAsync(ct);

        // idx_lh_student_occurred (student_id, occurred_at desc): the newest rows of each partition, merged.
        var events = await db.LearningHistory.AsNoTracking()
            .Where(e => e.StudentId == id)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Take(LatestEventCount)
            .ToListAsync(ct);

        var tasks = await db.ScheduledTasks.AsNoTracking()
            .Where(t => t.StudentId == id)
            .OrderBy(t => t.NextRunAt == null).ThenBy(t => t.NextRunAt).ThenBy(t => t.TaskType)
            .ToListAsync(ct);

        return new StudentProfileView(
            student.Id,
            student.Name,
            student.SchoolId,
            student.Grade,
            student.ClassName,
            student.StudentNumber,
            student.Email,
            student.ParentContact,
            student.Metadata,
            student.CreatedAt,
            student.UpdatedAt,
            student.GraduatedAt,
            interventions.Select(i => new StudentIntervention(
                i.Id, i.Type, i.Status, i.WeakAreas.OrderBy(w => w.Priority).ToList(), i.Progress.Completed, i.Progress.Total, i.CreatedAt, i.Evidence)).ToList(),
            events.Select(e => new RecentEvent(e.Id, e.OccurredAt, e.EventType, e.SourceNode, e.Content.Concept, e.Content.Result)).ToList(),
            tasks.Select(t => new StudentTask(
                t.Id, t.TaskType, t.ScheduleType, t.CronExpression, t.Config.IntervalSeconds, t.Status, t.NextRunAt, t.LastRunAt)).ToList());
    }
}
