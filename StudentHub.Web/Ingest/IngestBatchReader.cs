using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Web.Ingest;

/// <summary>An event that passed every check the body alone allows (the student's existence is checked against the database later).</summary>
/// <param name="Content">The <c>content</c> object's JSON text, as the node sent it.</param>
public sealed record ParsedEvent(
    int Index, Guid? EventId, Guid StudentId, string EventType, string? SourceId, DateTimeOffset OccurredAt, string Content);

/// <summary>The errors of a batch, by event index and field, named as the body names them (<c>events[3].event_type</c>).</summary>
public sealed class BatchErrors
{
    private readonly SortedDictionary<int, Dictionary<string, List<string>>> _byIndex = [];

    public int Count => _byIndex.Count;

    public bool Has(int index) => _byIndex.ContainsKey(index);

    public void Add(int index, string field, string message)
    {
        if (!_byIndex.TryGetValue(index, out var fields))
            _byIndex[index] = fields = [];
        var key = field.Length == 0 ? $"events[{index}]" : $"events[{index}].{field}";
        if (!fields.TryGetValue(key, out var messages))
            fields[key] = messages = [];
        messages.Add(message);
    }

    /// <summary>A copy to add to, leaving this one as the body alone made it.</summary>
    public BatchErrors Copy()
    {
        var copy = new BatchErrors();
        foreach (var (index, fields) in _byIndex)
            copy._byIndex[index] = fields.ToDictionary(f => f.Key, f => f.Value.ToList());
        return copy;
    }

    /// <summary>The <c>errors</c> member of a problem: every bad field of every bad event.</summary>
    public Dictionary<string, string[]> ToProblemErrors() =>
        _byIndex.Values.SelectMany(fields => fields).ToDictionary(f => f.Key, f => f.Value.ToArray());

    /// <summary>A partial batch's report: one entry per event not stored.</summary>
    public List<RejectedEvent> ToRejected() =>
        _byIndex.Select(e => new RejectedEvent(e.Key, e.Value.ToDictionary(f => f.Key, f => f.Value.ToArray()))).ToList();
}

/// <summary>What reading a body gave: a batch, or why there is none.</summary>
public abstract record BatchReadResult
{
    /// <summary>Every event was read: <see cref="Events"/> holds the good ones, <see cref="Errors"/> names the rest.</summary>
    public sealed record Read(int Count, List<ParsedEvent> Events, BatchErrors Errors) : BatchReadResult;

    /// <summary>Not JSON at all (400).</summary>
    public sealed record Malformed(string Detail) : BatchReadResult;

    /// <summary>More events than a batch may hold (413).</summary>
    public sealed record TooLarge(string Detail) : BatchReadResult;

    /// <summary>JSON, but not the shape of a batch (422), keyed by the member at fault.</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors) : BatchReadResult;
}

/// <summary>
/// Reads an ingest body field by field, naming every bad item and field rather than stopping at the first, and
/// refusing what PostgreSQL would refuse later (a NUL or half a surrogate pair in text, a number outside
/// <c>numeric</c>'s range): whatever passes here stores without a database error, so a bad body is a 4xx, never a 500.
/// </summary>
public static partial class IngestBatchReader
{
    /// <summary>How far in the future an event may be: the nodes' clocks are not perfectly in step with the hub's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The earliest event accepted. An earlier one is a node's clock or parsing bug (a zero timestamp), and would
    /// create a monthly partition for a year nobody studied on the platform.
    /// </summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<string> EventTypes =
        Enum.GetValues<EventType>().Select(SnakeCaseEnumConverter<EventType>.ToDatabase).ToArray();

    private const int MaxSourceIdLength = 255;

    // A JSON number longer than this is not a measurement; it also keeps clear of numeric's 16,383 fractional digits.
    private const int MaxNumberLength = 64;

    private static readonly string EventTypeList = string.Join(", ", EventTypes);

    public static BatchReadResult Read(ReadOnlyMemory<byte> body, int sourceNode, DateTimeOffset now)
    {
        // The JSON reader checks the structure but not the bytes inside strings; a stray byte would surface later,
        // as an exception where a string is read.
        if (!Utf8.IsValid(body.Span))
            return new BatchReadResult.Malformed("The body is not valid UTF-8 text.");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            // The reader's message names the line and byte; it never echoes the body.
            return new BatchReadResult.Malformed($"The body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Invalid("events", "The body is a JSON object: {\"events\": [ … ]}.");
            if (root.TryGetProperty("source_node", out var claimed) && ClaimsOtherNode(claimed, sourceNode) is { } claim)
                return Invalid("source_node", claim);
            if (!root.TryGetProperty("events", out var events) || events.ValueKind == JsonValueKind.Null)
                return Invalid("events", "events is required: the body is {\"events\": [ … ]}.");
            if (events.ValueKind != JsonValueKind.Array)
                return Invalid("events", "events is an array of event objects.");

            var count = events.GetArrayLength();
            if (count == 0)
                return Invalid("events", "events holds at least one event.");
            if (count > IngestOptions.MaxEventsPerBatch)
                return new BatchReadResult.TooLarge(
                    string.Create(CultureInfo.InvariantCulture, $"A batch holds at most {IngestOptions.MaxEventsPerBatch:N0} events; this one has {count:N0}. Send it as several batches."));

            var errors = new BatchErrors();
            var parsed = new List<ParsedEvent>(count);
            var index = 0;
            foreach (var item in events.EnumerateArray())
            {
                if (ReadEvent(item, index, sourceNode, now, errors) is { } e)
                    parsed.Add(e);
                index++;
            }
            return new BatchReadResult.Read(count, parsed, errors);
        }
    }

    private static ParsedEvent? ReadEvent(JsonElement item, int index, int sourceNode, DateTimeOffset now, BatchErrors errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(index, "", "Each event is a JSON object.");
            return null;
        }

        Guid? eventId = null;
        if (Member(item, "event_id") is { } eventIdValue)
        {
            if (ReadUuid(eventIdValue) is { } id)
                eventId = id;
            else
                errors.Add(index, "event_id", "event_id is a uuid (such as 3f2b8c1e-5d4a-4e8f-9b7c-2a1d0e6f5c4b) or absent.");
        }

        Guid studentId = default;
        if (Member(item, "student_id") is not { } studentValue)
            errors.Add(index, "student_id", "student_id is required.");
        else if (ReadUuid(studentValue) is { } id)
            studentId = id;
        else
            errors.Add(index, "student_id", "student_id is the student's uuid.");

        string? eventType = null;
        if (Member(item, "event_type") is not { } typeValue)
            errors.Add(index, "event_type", "event_type is required.");
        else if (typeValue.ValueKind == JsonValueKind.String && EventTypes.Contains(ReadString(typeValue)))
            eventType = typeValue.GetString();
        else
            errors.Add(index, "event_type", $"event_type is one of {EventTypeList}.");

        string? sourceId = null;
        if (Member(item, "source_id") is { } sourceIdValue)
        {
            sourceId = ReadString(sourceIdValue);
            if (sourceId is null || sourceId.Length > MaxSourceIdLength || sourceId.Contains('\0'))
            {
                errors.Add(index, "source_id", $"source_id is text of at most {MaxSourceIdLength} characters (no \\u0000), or absent.");
                sourceId = null;
            }
        }

        DateTimeOffset occurredAt = default;
        if (Member(item, "occurred_at") is not { } occurredValue)
            errors.Add(index, "occurred_at", "occurred_at is required.");
        else if (ReadInstant(occurredValue) is not { } instant)
            errors.Add(index, "occurred_at", "occurred_at is an ISO 8601 date and time with an offset, such as 2026-03-02T09:30:00+09:00 or 2026-03-02T00:30:00Z.");
        else if (instant > now + ClockSkew)
            errors.Add(index, "occurred_at", string.Create(CultureInfo.InvariantCulture, $"occurred_at is more than {ClockSkew.TotalMinutes:0} minutes in the future (the hub's clock reads {now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'})."));
        else if (instant < Earliest)
            errors.Add(index, "occurred_at", string.Create(CultureInfo.InvariantCulture, $"occurred_at is before {Earliest:yyyy-MM-dd}: check the node's clock."));
        else
            occurredAt = instant;

        string? content = null;
        if (Member(item, "content") is not { } contentValue)
            errors.Add(index, "content", "content is required: a JSON object, {} when the event has nothing to add.");
        else if (contentValue.ValueKind != JsonValueKind.Object)
            errors.Add(index, "content", "content is a JSON object.");
        else if (Unstorable(contentValue) is { } problem)
            errors.Add(index, "content", problem);
        else
            content = contentValue.GetRawText();

        if (item.TryGetProperty("source_node", out var claimed) && ClaimsOtherNode(claimed, sourceNode) is { } claim)
            errors.Add(index, "source_node", claim);

        return errors.Has(index) ? null : new ParsedEvent(index, eventId, studentId, eventType!, sourceId, occurredAt, content!);
    }

    /// <summary>A member's value; null when it is absent or JSON null, which mean the same here.</summary>
    private static JsonElement? Member(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The text of a string value; null when it is not a string or holds half a surrogate pair (<c>"\ud800"</c>).</summary>
    private static string? ReadString(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
            return null;
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static Guid? ReadUuid(JsonElement value) =>
        ReadString(value) is { } text && Guid.TryParseExact(text, "D", out var id) ? id : null;

    private static DateTimeOffset? ReadInstant(JsonElement value) =>
        ReadString(value) is { } text && WithOffset().IsMatch(text) && value.TryGetDateTimeOffset(out var instant)
            ? instant
            : null;

    // JSON's own date-time reading assumes local time when the offset is missing: the offset is checked first.
    // Any number of fractional digits (Go sends nine); PostgreSQL keeps microseconds.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WithOffset();

    private static string? ClaimsOtherNode(JsonElement claimed, int sourceNode)
    {
        if (claimed.ValueKind == JsonValueKind.Null)
            return null;
        if (claimed.ValueKind == JsonValueKind.Number && claimed.TryGetInt32(out var claimedNode) && claimedNode == sourceNode)
            return null;
        var node = sourceNode.ToString(CultureInfo.InvariantCulture);
        return $"This key posts for node {node}: a body cannot speak for another node. Leave source_node out, or send {node}.";
    }

    /// <summary>Why PostgreSQL's <c>jsonb</c> would refuse the value, or null when it stores it.</summary>
    private static string? Unstorable(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = member.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return "content has a key with half a surrogate pair (such as \\ud800), which is not text.";
                    }
                    if (name.Contains('\0'))
                        return "content has a key with \\u0000, which PostgreSQL cannot store.";
                    if (Unstorable(member.Value) is { } problem)
                        return problem;
                }
                return null;
            case JsonValueKind.Array:
                foreach (var element in value.EnumerateArray())
                    if (Unstorable(element) is { } problem)
                        return problem;
                return null;
            case JsonValueKind.String:
                return ReadString(value) switch
                {
                    null => "content has a string with half a surrogate pair (such as \\ud800), which is not text.",
                    var text when text.Contains('\0') => "content has a string with \\u0000, which PostgreSQL cannot store.",
                    _ => null,
                };
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                if (raw.Length > MaxNumberLength)
                    return $"content has a number of more than {MaxNumberLength} characters.";
                var number = value.GetDouble();
                // Beyond a double's range either way (1e400, or 1e-400 read as 0) is beyond what any node measures.
                if (!double.IsFinite(number) || (number == 0 && raw.Split('e', 'E')[0].Any(c => c is >= '1' and <= '9')))
                    return "content has a number outside the range of a 64-bit floating-point value.";
                return null;
            default:
                return null;
        }
    }

    private static BatchReadResult.Invalid Invalid(string member, string message) => new(new() { [member] = [message] });
}
