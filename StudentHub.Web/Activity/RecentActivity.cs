using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Security;
using StudentHub.Web.Timeline;

namespace StudentHub.Web.Activity;

/// <summary>What the activity list is narrowed to: the timeline's event filters, and one school within the reader's.</summary>
public sealed record ActivityFilter(TimelineFilter Events, string? SchoolId = null)
{
    public static readonly ActivityFilter None = new(TimelineFilter.None);
}

/// <summary>One event of the activity list, with the student it belongs to.</summary>
public sealed record ActivityItem(TimelineEvent Event, Guid StudentId, string StudentName, string SchoolId, int Grade)
{
    public TimelineCursor Cursor => TimelineCursor.After(Event);
}

/// <summary>
/// Where the arrivals stood when a list was read: the highest <c>learning_history.id</c> then stored. Ids come from
/// one sequence in insertion order, so whatever is stored later has a higher id, whatever its <c>occurred_at</c>.
/// </summary>
public readonly record struct ArrivalMark(long LastId);

/// <summary>
/// Events newest first; <see cref="Next"/> continues with older ones, null when there are none in the window.
/// <see cref="Mark"/> is where arrivals stood just before the events were read.
/// </summary>
public sealed record ActivityEvents(IReadOnlyList<ActivityItem> Items, TimelineCursor? Next, ArrivalMark Mark);

/// <summary>Events stored after a mark, newest first; <see cref="Mark"/> is the next call's, and <see cref="More"/> says it has more to bring at once.</summary>
public sealed record ActivityArrivals(IReadOnlyList<ActivityItem> Items, ArrivalMark Mark, bool More);

/// <summary>
/// The latest learning events across the reader's schools, newest first on the keyset <c>(occurred_at, id)</c>, and
/// the events stored since a list was read, for live updates.
/// </summary>
/// <remarks>
/// The plan it relies on (checked with EXPLAIN on 2 million events): an ordered Append of the monthly partitions'
/// <c>idx_lh_occurred_at</c> scans, newest partition first, nested-looped into <c>students_pkey</c> (memoized), which
/// drops other schools' students; an Incremental Sort orders ties on <c>occurred_at</c> by id, and the LIMIT stops the
/// scan after one page. No full sort, whatever the roster's size. What it cannot bound is how far back the scan
/// walks for a filter that matches rarely (a small school, a rare concept): hence <see cref="Window"/>, which the page
/// names, so the worst case reads one month of events rather than two years.
/// </remarks>
public sealed class RecentActivity(IDbContextFactory<StudentHubDbContext> contextFactory, SchoolScope scope, TimeProvider clock)
{
    public const int PageSize = 50;

    /// <summary>How many newly stored events one <see cref="NewerThanAsync"/> returns at most; the rest come with the next call.</summary>
    public const int MaxArrivals = 200;

    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <summary>The newest <see cref="PageSize"/> events, or the next older ones <paramref name="before"/> a cursor.</summary>
    public async Task<ActivityEvents> LatestAsync(ActivityFilter filter, TimelineCursor? before, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var since = clock.GetUtcNow() - Window;
        // Read before the list: an event stored in between is then both listed and "new", which the page tells apart
        // by id; read after, it could be in neither.
        var mark = new ArrivalMark(await db.LearningHistory.Where(e => e.OccurredAt >= since).MaxAsync(e => (long?)e.Id, ct) ?? 0);

        var events = Query(db, filter, await scope.SchoolIdsAsync(ct), since, before);
        // One more than the page: whether it comes back says if there is an older page, without a count.
        var rows = await Project(events).Take(PageSize + 1).ToListAsync(ct);
        var items = rows.Take(PageSize).Select(ToItem).ToList();
        return new ActivityEvents(items, rows.Count > PageSize ? items[^1].Cursor : null, mark);
    }

    /// <summary>
    /// The events stored after <paramref name="mark"/> (the reader's schools and filter, within the window), newest
    /// first. By arrival, not by <c>occurred_at</c>: six nodes post batches at their own pace, so an event can arrive
    /// after a newer one is shown. At most <see cref="MaxArrivals"/>, the earliest stored first; the returned mark
    /// then stands after the last of them, so the next call continues without a gap.
    /// </summary>
    public async Task<ActivityArrivals> NewerThanAsync(ActivityFilter filter, ArrivalMark mark, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var since = clock.GetUtcNow() - Window;
        var last = mark.LastId;
        // Per partition a range scan of the primary key (id, occurred_at) above the mark; the window prunes the rest.
        var stored = db.LearningHistory.Where(e => e.OccurredAt >= since && e.Id > last);
        var upTo = await stored.MaxAsync(e => (long?)e.Id, ct);
        if (upTo is null)
            return new ActivityArrivals([], mark, false);

        var events = Filtered(db, filter, await scope.SchoolIdsAsync(ct), since).Where(e => e.Id > last && e.Id <= upTo);
        var rows = await Project(events.OrderBy(e => e.Id)).Take(MaxArrivals).ToListAsync(ct);
        var more = rows.Count == MaxArrivals;
        var items = rows.Select(ToItem)
            .OrderByDescending(i => i.Event.OccurredAt).ThenByDescending(i => i.Event.Id)
            .ToList();
        return new ActivityArrivals(items, new ArrivalMark(more ? rows[^1].Event.Id : upTo.Value), more);
    }

    /// <summary>
    /// The list's query, newest first, before the LIMIT: for the tests to EXPLAIN exactly what the page runs.
    /// <paramref name="schools"/> is the reader's scope (<see cref="SchoolScope.SchoolIdsAsync"/>; null for every school).
    /// </summary>
    public static IQueryable<LearningEvent> Query(
        StudentHubDbContext db, ActivityFilter filter, IReadOnlySet<string>? schools, DateTimeOffset since, TimelineCursor? before) =>
        Filtered(db, filter, schools, since).Before(before).NewestFirst();

    /// <summary>The window's events of the reader's schools (and the chosen one among them), with the filter applied.</summary>
    private static IQueryable<LearningEvent> Filtered(StudentHubDbContext db, ActivityFilter filter, IReadOnlySet<string>? schools, DateTimeOffset since)
    {
        var events = db.LearningHistory.AsNoTracking().Where(e => e.OccurredAt >= since);
        if (filter.SchoolId is { } school)
        {
            // A school outside the reader's scope (say, from a shared URL) shows nothing rather than its events.
            var chosen = schools is null || schools.Contains(school) ? [school] : Array.Empty<string>();
            events = events.Where(e => chosen.Contains(e.Student!.SchoolId));
        }
        else if (schools is not null)
        {
            var mine = schools.ToList();
            events = events.Where(e => mine.Contains(e.Student!.SchoolId));
        }
        return events.Matching(filter.Events);
    }

    private static IQueryable<Row> Project(IQueryable<LearningEvent> events) =>
        events.Select(e => new Row(e, e.Student!.Name, e.Student.SchoolId, e.Student.Grade));

    private static ActivityItem ToItem(Row row) => new(
        new TimelineEvent(row.Event.Id, row.Event.OccurredAt, row.Event.EventType, row.Event.SourceNode, row.Event.SourceId, row.Event.EventId, row.Event.Content),
        row.Event.StudentId, row.Name, row.SchoolId, row.Grade);

    private sealed record Row(LearningEvent Event, string Name, string SchoolId, int Grade);
}
