using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;
using StudentHub.Web.Localization;

namespace StudentHub.Web.Timeline;

/// <summary>
/// What the timeline page is narrowed to, as the reader chose it: days (<see cref="FromDay"/> to <see cref="ToDay"/>,
/// both included) on the reader's calendar rather than instants, and the content search as typed. <see cref="ToFilter"/>
/// turns it into the query's <see cref="TimelineFilter"/> once the reader's zone is known.
/// </summary>
public sealed record TimelineView(
    IReadOnlyList<EventType> Types,
    IReadOnlyList<int> Nodes,
    DateOnly? FromDay,
    DateOnly? ToDay,
    string? Concept,
    string? Search)
{
    public static readonly TimelineView None = new([], [], null, null, null, null);

    public bool IsEmpty => Equals(None);

    /// <summary>
    /// The query's filter: from the first instant of <see cref="FromDay"/> up to, not including, the first instant of the
    /// day after <see cref="ToDay"/>, in <paramref name="zone"/>. The search must have passed <see cref="TimelineFilter.TryParseContent"/>.
    /// </summary>
    public TimelineFilter ToFilter(TimeZoneInfo zone) => new()
    {
        EventTypes = Types.ToHashSet(),
        SourceNodes = Nodes.ToHashSet(),
        From = FromDay is { } from ? ReaderTimeZone.StartOfDay(from, zone) : null,
        To = ToDay is { } to ? ReaderTimeZone.StartOfDay(to.AddDays(1), zone) : null,
        Concept = Concept,
        ContentContains = Search,
    };

    // The lists compare by their items: the same choice read again from the URL is the same view.
    public bool Equals(TimelineView? other) =>
        other is not null && Types.SequenceEqual(other.Types) && Nodes.SequenceEqual(other.Nodes)
        && FromDay == other.FromDay && ToDay == other.ToDay && Concept == other.Concept && Search == other.Search;

    public override int GetHashCode() => HashCode.Combine(Types.Count, Nodes.Count, FromDay, ToDay, Concept, Search);
}

/// <summary>
/// A <see cref="TimelineView"/> as URL query parameters, lists in one order (<c>type=study,test</c>, <c>node=1,3</c>, <c>from</c> and
/// <c>to</c> as <c>yyyy-MM-dd</c>, <c>concept</c>, <c>q</c>), so a narrowed timeline survives a reload and can be
/// shared. Unknown or malformed values are dropped rather than failing the page.
/// </summary>
public static class TimelineFilterQuery
{
    public const string Type = "type";
    public const string Node = "node";
    public const string From = "from";
    public const string To = "to";
    public const string Concept = "concept";
    public const string Search = "q";

    private const string DayFormat = "yyyy-MM-dd";

    public static IReadOnlyDictionary<string, object?> ToParameters(TimelineView view) => new Dictionary<string, object?>
    {
        [Type] = view.Types.Count == 0 ? null : string.Join(',', view.Types.Distinct().Order().Select(SnakeCaseEnumConverter<EventType>.ToDatabase)),
        [Node] = view.Nodes.Count == 0 ? null : string.Join(',', view.Nodes.Distinct().Order().Select(n => n.ToString(CultureInfo.InvariantCulture))),
        [From] = view.FromDay?.ToString(DayFormat, CultureInfo.InvariantCulture),
        [To] = view.ToDay?.ToString(DayFormat, CultureInfo.InvariantCulture),
        [Concept] = view.Concept,
        [Search] = view.Search,
    };

    public static string ToQueryString(TimelineView view) =>
        QueryHelpers.AddQueryString("", ToParameters(view).Where(p => p.Value is not null).ToDictionary(p => p.Key, p => (string?)p.Value));

    public static TimelineView FromQuery(Func<string, string?> get)
    {
        var from = Day(get(From));
        var to = Day(get(To));
        // A range given backwards still means the days between.
        if (from > to)
            (from, to) = (to, from);
        return new TimelineView(
            Types: Items(get(Type)).Select(TypeOf).OfType<EventType>().Distinct().Order().ToList(),
            Nodes: Items(get(Node)).Select(NodeOf).OfType<int>().Distinct().Order().ToList(),
            FromDay: from,
            ToDay: to,
            Concept: Text(get(Concept)),
            Search: Text(get(Search)));
    }

    /// <summary>The view with its lists in a canonical order, as <see cref="FromQuery"/> reads it back.</summary>
    public static TimelineView Normalize(TimelineView view) => FromQuery(name => ToParameters(view)[name] as string);

    private static IEnumerable<string> Items(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static EventType? TypeOf(string code) =>
        Enum.GetValues<EventType>().Cast<EventType?>().FirstOrDefault(t => SnakeCaseEnumConverter<EventType>.ToDatabase(t!.Value) == code);

    private static int? NodeOf(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var node) && node is >= 1 and <= 6 ? node : null;

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
