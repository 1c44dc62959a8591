using System.Globalization;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Web.Interventions;

/// <summary>
/// An <see cref="InterventionFilter"/> as URL query parameters (<c>status</c> and <c>type</c> as stored, <c>school</c>,
/// <c>grade</c>, <c>concept</c>, <c>from</c> and <c>to</c> as <c>yyyy-MM-dd</c>, <c>stalled=yes</c>), so a filtered list
/// can be bookmarked and shared. Unknown or malformed values are ignored rather than failing the page.
/// </summary>
public static class InterventionFilterQuery
{
    public const string Status = "status";
    public const string Type = "type";
    public const string School = "school";
    public const string Grade = "grade";
    public const string Concept = "concept";
    public const string From = "from";
    public const string To = "to";
    public const string Stalled = "stalled";

    private const string DayFormat = "yyyy-MM-dd";

    public static IReadOnlyDictionary<string, object?> ToParameters(InterventionFilter filter) => new Dictionary<string, object?>
    {
        [Status] = filter.Status is { } status ? SnakeCaseEnumConverter<InterventionStatus>.ToDatabase(status) : null,
        [Type] = filter.Type is { } type ? SnakeCaseEnumConverter<InterventionType>.ToDatabase(type) : null,
        [School] = filter.SchoolId,
        [Grade] = filter.Grade?.ToString(CultureInfo.InvariantCulture),
        [Concept] = filter.Concept,
        [From] = filter.CreatedFrom?.ToString(DayFormat, CultureInfo.InvariantCulture),
        [To] = filter.CreatedTo?.ToString(DayFormat, CultureInfo.InvariantCulture),
        [Stalled] = filter.StalledOnly ? "yes" : null,
    };

    public static InterventionFilter FromQuery(Func<string, string?> get)
    {
        var from = Day(get(From));
        var to = Day(get(To));
        // A range given backwards still means the days between.
        if (from > to)
            (from, to) = (to, from);
        return new InterventionFilter(
            Status: Code<InterventionStatus>(get(Status)),
            Type: Code<InterventionType>(get(Type)),
            SchoolId: Text(get(School)),
            Grade: int.TryParse(get(Grade), NumberStyles.None, CultureInfo.InvariantCulture, out var grade) && grade is >= 1 and <= 12 ? grade : null,
            Concept: Text(get(Concept)),
            CreatedFrom: from,
            CreatedTo: to,
            StalledOnly: get(Stalled) == "yes");
    }

    private static TEnum? Code<TEnum>(string? code) where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Cast<TEnum?>().FirstOrDefault(v => SnakeCaseEnumConverter<TEnum>.ToDatabase(v!.Value) == code?.Trim());

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
