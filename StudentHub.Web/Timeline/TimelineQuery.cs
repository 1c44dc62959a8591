using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Web.Timeline;

/// <summary>One event as the timeline shows it; <see cref="RawJson"/> is the stored content, every key kept.</summary>
public sealed record TimelineEvent(
    long Id,
    DateTimeOffset OccurredAt,
    EventType EventType,
    int SourceNode,
    string? SourceId,
    Guid? EventId,
    EventContent Content)
{
    public string RawJson => OpenJsonColumn.Serialize(Content);
}

/// <summary>A page of a timeline, newest first; <see cref="Next"/> continues it, null at the oldest event.</summary>
public sealed record TimelinePage(IReadOnlyList<TimelineEvent> Events, TimelineCursor? Next);

/// <summary>Where an intervention began and, once completed, ended: drawn among the events.</summary>
public sealed record InterventionMark(Guid Id, InterventionType Type, InterventionStatus Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, IReadOnlyList<string> Concepts);

/// <summary>
/// A student's learning events, newest first, a page at a time on the keyset <c>(occurred_at, id)</c>: no OFFSET,
/// so page 100 costs what page 1 does. <c>idx_lh_student_timeline (student_id, occurred_at DESC, id DESC)</c>
/// gives each partition's rows already in that order, PostgreSQL appends the partitions newest first (an ordered
/// Append, no Sort) and stops after one page; the <c>occurred_at &lt;=</c> beside the row comparison lets it
/// skip the partitions newer than the cursor. Whoever calls it has checked the reader may see the student.
/// </summary>
public sealed class TimelineQuery(IDbContextFactory<StudentHubDbContext> contextFactory)
{
    public const int PageSize = 50;
    public const int MaxPageSize = 200;

    public async Task<TimelinePage> PageAsync(Guid studentId, TimelineFilter filter, TimelineCursor? before, int limit = PageSize, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        await using var db = await contextFactory.CreateDbContextAsync(ct);

        // One more than the page: whether it comes back says if there is a next page, without a count.
        var rows = await Query(db, studentId, filter, before).Take(limit + 1).ToListAsync(ct);
        var events = rows.Take(limit).Select(ToEvent).ToList();
        return new TimelinePage(events, rows.Count > limit ? TimelineCursor.After(events[^1]) : null);
    }

    /// <summary>The page's query, for the benchmark to time and EXPLAIN exactly what the page runs.</summary>
    public static IQueryable<LearningEvent> Query(StudentHubDbContext db, Guid studentId, TimelineFilter filter, TimelineCursor? before)
    {
        return db.LearningHistory.AsNoTracking()
            .Where(e => e.StudentId == studentId)
            .Before(before)
            .Matching(filter)
            .NewestFirst();
    }

    /// <summary>Every intervention of the student, oldest first, for the timeline to mark where each began and ended.</summary>
    public async Task<IReadOnlyList<InterventionMark>> InterventionMarksAsync(Guid studentId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var interventions = await db.Interventions.AsNoTracking()
            .Where(i => i.StudentId == studentId)
            .OrderBy(i => i.CreatedAt)
            .ToListAsync(ct);
        return interventions
            .Select(i => new InterventionMark(i.Id, i.Type, i.Status, i.CreatedAt, i.CompletedAt,
                i.WeakAreas.OrderBy(w => w.Priority).Select(w => w.Concept).ToList()))
            .ToList();
    }

    private static TimelineEvent ToEvent(LearningEvent e) =>
        new(e.Id, e.OccurredAt, e.EventType, e.SourceNode, e.SourceId, e.EventId, e.Content);
}
