using System.Globalization;
using StudentHub.Data.Entities;
using StudentHub.Web.Timeline;

namespace StudentHub.Web.Activity;

/// <summary>
/// An <see cref="ActivityFilter"/> as URL query parameters: <c>type=test,review</c>, <c>node=1,3</c>,
/// <c>school=SCH001</c>, <c>concept=fractions</c>, so a filtered view can be bookmarked and shared. Unknown or
/// malformed values are ignored rather than failing the page.
/// </summary>
public static class ActivityFilterQuery
{
    public const string Type = "type";
    public const string Node = "node";
    public const string School = "school";
    public const string Concept = "concept";

    public static IReadOnlyDictionary<string, object?> ToParameters(ActivityFilter filter) => new Dictionary<string, object?>
    {
        [Type] = Joined(filter.Events.EventTypes.Order().Select(Code)),
        [Node] = Joined(filter.Events.SourceNodes.Order().Select(n => n.ToString(CultureInfo.InvariantCulture))),
        [School] = filter.SchoolId,
        [Concept] = filter.Events.Concept,
    };

    public static ActivityFilter FromQuery(Func<string, string?> get) => new(
        new TimelineFilter
        {
            EventTypes = Parts(get(Type)).Select(TypeOf).OfType<EventType>().ToHashSet(),
            SourceNodes = Parts(get(Node))
                .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 6 ? n : 0)
                .Where(n => n > 0)
                .ToHashSet(),
            Concept = Text(get(Concept)),
        },
        Text(get(School)));

    /// <summary>The same filter as the URL writes it, for telling two filters apart (their sets compare by reference).</summary>
    public static string Key(ActivityFilter filter) =>
        string.Join('&', ToParameters(filter).Where(p => p.Value is not null).Select(p => $"{p.Key}={p.Value}"));

    /// <summary>The type as the database and the URL spell it: <c>study</c>, <c>test</c>…</summary>
    public static string Code(EventType type) => type.ToString().ToLowerInvariant();

    private static EventType? TypeOf(string code) =>
        Enum.GetValues<EventType>().Cast<EventType?>().FirstOrDefault(t => Code(t!.Value) == code.ToLowerInvariant());

    private static IEnumerable<string> Parts(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Joined(IEnumerable<string> values) => string.Join(',', values) is { Length: > 0 } joined ? joined : null;

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
