namespace StudentHub.Web.Timeline;

/// <summary>One row of the timeline page: an event, or where an intervention started or was completed.</summary>
public abstract record TimelineRow(DateTimeOffset At);

public sealed record EventRow(TimelineEvent Event) : TimelineRow(Event.OccurredAt);

public sealed record InterventionRow(InterventionMark Intervention, bool Completed, DateTimeOffset At) : TimelineRow(At);

public static class TimelineRows
{
    /// <summary>
    /// The loaded events (newest first) with the interventions' starts and completions between them, newest first.
    /// A mark goes below the events at or after its instant. While older events remain to be loaded, a mark at or
    /// before the oldest loaded event waits for them (they may belong above it); once <paramref name="complete"/>, every
    /// mark in the window [<paramref name="from"/>, <paramref name="to"/>) is placed.
    /// </summary>
    public static IReadOnlyList<TimelineRow> Interleave(
        IReadOnlyList<TimelineEvent> events, IReadOnlyList<InterventionMark> marks, bool complete, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var oldest = events.Count > 0 ? events[^1].OccurredAt : (DateTimeOffset?)null;
        var points = marks
            .SelectMany(m => m.EndedAt is { } ended
                ? new[] { new InterventionRow(m, false, m.StartedAt), new InterventionRow(m, true, ended) }
                : [new InterventionRow(m, false, m.StartedAt)])
            .Where(p => (from is null || p.At >= from) && (to is null || p.At < to))
            .Where(p => complete || p.At > oldest)
            // A completion at its own start instant still reads after the start.
            .OrderByDescending(p => p.At).ThenByDescending(p => p.Completed)
            .ToList();

        var rows = new List<TimelineRow>(events.Count + points.Count);
        var next = 0;
        foreach (var e in events)
        {
            while (next < points.Count && points[next].At > e.OccurredAt)
                rows.Add(points[next++]);
            rows.Add(new EventRow(e));
        }
        rows.AddRange(points.Skip(next));
        return rows;
    }
}
