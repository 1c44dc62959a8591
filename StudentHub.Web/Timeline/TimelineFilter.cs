using System.Text.Json;
using System.Text.Json.Nodes;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Timeline;

/// <summary>
/// What a reader narrows a timeline to. Every filter is served by an index: the type and node by the keyset index
/// scan's own rows, the dates by partition pruning, the concept and the content search by JSONB containment
/// (<c>content @&gt; …</c>), which the GIN index <c>idx_lh_content_gin</c> answers.
/// </summary>
public sealed record TimelineFilter
{
    public static readonly TimelineFilter None = new();

    public IReadOnlySet<EventType> EventTypes { get; init; } = new HashSet<EventType>();
    public IReadOnlySet<int> SourceNodes { get; init; } = new HashSet<int>();

    /// <summary>Inclusive.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive.</summary>
    public DateTimeOffset? To { get; init; }

    public string? Concept { get; init; }

    /// <summary>A JSON object the event's content must contain, such as <c>{"result": "incorrect"}</c>; checked by <see cref="TryParseContent"/>.</summary>
    public string? ContentContains { get; init; }

    public bool IsEmpty =>
        EventTypes.Count == 0 && SourceNodes.Count == 0 && From is null && To is null
        && string.IsNullOrWhiteSpace(Concept) && string.IsNullOrWhiteSpace(ContentContains);

    /// <summary>The one JSON document the content must contain: the concept and the search merged, or null for none.</summary>
    public string? Containment()
    {
        JsonObject? contained = null;
        if (!string.IsNullOrWhiteSpace(ContentContains))
            contained = TryParseContent(ContentContains, out var search, out _) ? search : throw new ArgumentException("The content search is not a JSON object.");
        if (!string.IsNullOrWhiteSpace(Concept))
        {
            contained ??= [];
            // The concept filter wins over a different concept in the search: the reader asked for this one.
            contained["concept"] = Concept.Trim();
        }
        return contained?.ToJsonString();
    }

    /// <summary>
    /// Reads a content search: a JSON object (<c>{"result": "incorrect"}</c>), or the shorthand <c>key=value</c>
    /// (<c>problem_id=PROB_456</c>; a number or true/false is matched as one). Null error when it reads.
    /// </summary>
    public static bool TryParseContent(string text, out JsonObject? contained, out string? error)
    {
        contained = null;
        error = null;
        text = text.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                contained = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException e)
            {
                error = $"The search is not valid JSON: {e.Message}";
                return false;
            }
            if (contained is null)
            {
                error = "The search is a JSON object, such as {\"result\": \"incorrect\"}.";
                return false;
            }
            return true;
        }
        var equals = text.IndexOf('=');
        if (equals <= 0 || equals == text.Length - 1)
        {
            error = "Search for key=value (problem_id=PROB_456) or a JSON object ({\"result\": \"incorrect\"}).";
            return false;
        }
        var key = text[..equals].Trim();
        var value = text[(equals + 1)..].Trim();
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(value) is JsonValue v && v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? v : JsonValue.Create(value.Trim('"'));
        }
        catch (JsonException)
        {
            node = JsonValue.Create(value.Trim('"'));
        }
        contained = new JsonObject { [key] = node };
        return true;
    }
}
