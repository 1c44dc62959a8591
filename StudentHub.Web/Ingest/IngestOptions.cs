namespace StudentHub.Web.Ingest;

/// <summary>The <c>Ingest</c> section of configuration.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>The issue fixes a batch at 1,000 events at most; not configurable, since the nodes are built to it.</summary>
    public const int MaxEventsPerBatch = 1000;

    /// <summary>
    /// Requests one key may make per minute. 600 lets a node post 10 batches a second (10,000 events/s at 1,000
    /// a batch, the hub's whole ingest budget on two cores) yet stops a runaway retry loop from starving the others.
    /// </summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>
    /// The largest body read. A full batch of typical events is well under 1 MiB; 8 MiB leaves room for rich
    /// <c>content</c> while keeping one request from holding much memory.
    /// </summary>
    public int MaxBodyBytes { get; set; } = 8 * 1024 * 1024;
}
