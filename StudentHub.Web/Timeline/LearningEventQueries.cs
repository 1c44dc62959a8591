using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Timeline;

/// <summary>The keyset and the filters every list of learning events shares (a student's timeline, recent activity).</summary>
public static class LearningEventQueries
{
    /// <summary>The events strictly before the cursor in <c>(occurred_at, id)</c> order; all of them for none.</summary>
    public static IQueryable<LearningEvent> Before(this IQueryable<LearningEvent> events, TimelineCursor? before)
    {
        if (before is not { } cursor)
            return events;
        var (at, id) = (cursor.OccurredAt, cursor.Id);
        // The plain comparison beside the row comparison lets the planner skip the partitions newer than the cursor.
        return events.Where(e => e.OccurredAt <= at
            && EF.Functions.LessThan(ValueTuple.Create(e.OccurredAt, e.Id), ValueTuple.Create(at, id)));
    }

    public static IQueryable<LearningEvent> Matching(this IQueryable<LearningEvent> events, TimelineFilter filter)
    {
        if (filter.From is { } from)
            events = events.Where(e => e.OccurredAt >= from);
        if (filter.To is { } to)
            events = events.Where(e => e.OccurredAt < to);
        if (filter.EventTypes.Count > 0)
        {
            var types = filter.EventTypes.ToList();
            events = events.Where(e => types.Contains(e.EventType));
        }
        if (filter.SourceNodes.Count > 0)
        {
            var nodes = filter.SourceNodes.ToList();
            events = events.Where(e => nodes.Contains(e.SourceNode));
        }
        // content @> '{"concept": …}': the GIN index idx_lh_content_gin can answer it; ->> could not.
        if (filter.Containment() is { } contained)
            events = events.Where(e => EF.Functions.JsonContains(e.Content, contained));
        return events;
    }

    public static IOrderedQueryable<LearningEvent> NewestFirst(this IQueryable<LearningEvent> events) =>
        events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id);
}
