namespace StudentHub.Data.Entities;

/// <summary>
/// An API key a source node posts learning events with (table <c>ingest_keys</c>). Only a hash of the key is kept;
/// the key itself is shown once, when it is made. The key decides the node: a body cannot speak for another.
/// </summary>
public class IngestKey
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The node (1–6) every event posted with this key is stored as.</summary>
    public int SourceNode { get; set; }

    /// <summary>SHA-256 of the key, hex.</summary>
    public string KeyHash { get; set; } = "";

    /// <summary>The key's first characters, so an admin can tell keys apart without the key.</summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>Whether the key may also read timelines through the API (<c>GET /api/v1/students/{id}/events</c>).</summary>
    public bool CanRead { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public long EventsAccepted { get; set; }
    public long EventsRejected { get; set; }
}
