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
