namespace StudentHub.Data.Entities;

/// <summary>One learning event (table <c>learning_history</c>, partitioned by month on <see cref="OccurredAt"/>).</summary>
public class LearningEvent
{
    public long Id { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public Guid StudentId { get; set; }
    public EventType EventType { get; set; }

    /// <summary>The node (1–6) that reported the event.</summary>
    public int SourceNode { get; set; }

    public string? SourceId { get; set; }
    public EventContent Content { get; set; } = new();
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The id the source node gave the event, when it gave one: a retry of the same event carries the same id and
    /// is stored once (unique with <see cref="OccurredAt"/>, since a partitioned table's unique index must include the partition key).
    /// </summary>
    public Guid? EventId { get; set; }

    public Student? Student { get; set; }
}

public enum EventType
{
    Study,
    Test,
    Intervention,
    Review,
    Assessment,
}
