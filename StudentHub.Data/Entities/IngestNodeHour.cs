namespace StudentHub.Data.Entities;

/// <summary>
/// What one source node posted in one hour (UTC), table <c>ingest_node_hours</c>: the Ingest page's freshness per node.
/// Kept per hour rather than per day so that "today" can start at the reader's midnight, whatever their time zone.
/// Rejected events are never stored, so this is the only place they are counted per node.
/// </summary>
public class IngestNodeHour
{
    public int SourceNode { get; set; }

    /// <summary>The start of the hour, UTC.</summary>
    public DateTimeOffset Hour { get; set; }

    public long EventsAccepted { get; set; }
    public long EventsDuplicate { get; set; }
    public long EventsRejected { get; set; }

    /// <summary>When the node last posted in this hour, whatever the answer.</summary>
    public DateTimeOffset LastReceivedAt { get; set; }

    /// <summary>The latest <c>occurred_at</c> stored from the node in this hour; null when the hour stored nothing.</summary>
    public DateTimeOffset? LastEventAt { get; set; }
}
