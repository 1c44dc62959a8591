using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace StudentHub.Web.Ingest;

// The wire format of POST /api/v1/events, in snake_case as the columns are named: the nodes are not .NET.
// The request types describe the body for OpenAPI only. The body itself is read by IngestBatchReader, field by
// field, because a deserializer stops at the first bad value, while a node needs every bad item and field named.

[Description("A batch of learning events from one source node.")]
public sealed record IngestRequest
{
    [JsonPropertyName("events"), Required, MinLength(1), MaxLength(IngestOptions.MaxEventsPerBatch)]
    [Description("1 to 1,000 events. A batch with a bad item is refused whole (422) unless ?partial=true.")]
    public IReadOnlyList<IngestEventInput> Events { get; init; } = [];
}

[Description("One learning event. Its source node is the key's: an event naming another node is refused.")]
public sealed record IngestEventInput
{
    [JsonPropertyName("event_id")]
    [Description("The node's id for the event. A retry with the same event_id and occurred_at is stored once; the same pair with different content is a conflict (409).")]
    public Guid? EventId { get; init; }

    [JsonPropertyName("student_id"), Required]
    [Description("An existing student's id.")]
    public Guid StudentId { get; init; }

    [JsonPropertyName("event_type"), Required]
    [Description("What the student did.")]
    public string EventType { get; init; } = "";

    [JsonPropertyName("source_id"), MaxLength(255)]
    [Description("The node's own reference, such as a session id.")]
    public string? SourceId { get; init; }

    [JsonPropertyName("occurred_at"), Required]
    [Description("ISO 8601 with an offset (2026-03-02T09:30:00+09:00 or …Z); at most 5 minutes in the future.")]
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>Described by <see cref="ApiDocs"/>: a description given here is lost with the object's schema.</summary>
    [JsonPropertyName("content"), Required]
    public JsonObject Content { get; init; } = [];

    [JsonPropertyName("source_node"), Range(1, 6)]
    [Description("Optional. When present it must equal the key's node.")]
    public int? SourceNode { get; init; }
}

[Description("What became of a batch.")]
public sealed record IngestResult(
    [property: JsonPropertyName("accepted"), Description("Events stored by this request.")]
    int Accepted,
    [property: JsonPropertyName("duplicates"), Description("Events already stored (same event_id, occurred_at and content), not stored again.")]
    int Duplicates,
    [property: JsonPropertyName("rejected"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: Description("With ?partial=true only: the events not stored, and why.")]
    IReadOnlyList<RejectedEvent>? Rejected = null);

[Description("An event a partial batch did not store.")]
public sealed record RejectedEvent(
    [property: JsonPropertyName("index"), Description("The event's position in the batch, from 0.")]
    int Index,
    [property: JsonPropertyName("errors"), Description("What is wrong, by field (events[3].event_type).")]
    IReadOnlyDictionary<string, string[]> Errors);
