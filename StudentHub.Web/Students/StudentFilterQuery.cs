using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace StudentHub.Web.Students;

/// <summary>
/// A <see cref="StudentFilter"/> as URL query parameters (<c>q</c>, <c>school</c>, <c>grade</c>, <c>class</c>,
/// <c>style</c>, <c>graduated</c>), so a filtered list can be bookmarked and shared, and the export reads the
/// same filter the list shows. Unknown or malformed values are ignored rather than failing the page.
/// </summary>
public static class StudentFilterQuery
{
    public const string Search = "q";
    public const string School = "school";
    public const string Grade = "grade";
    public const string Class = "class";
    public const string Style = "style";
    public const string Graduated = "graduated";

    public static IReadOnlyDictionary<string, object?> ToParameters(StudentFilter filter) => new Dictionary<string, object?>
    {
        [Search] = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim(),
        [School] = filter.SchoolId,
        [Grade] = filter.Grade?.ToString(CultureInfo.InvariantCulture),
        [Class] = filter.ClassName,
        [Style] = filter.LearningStyle,
        [Graduated] = filter.Graduated switch { true => "yes", false => "no", null => null },
    };

    public static string ToQueryString(StudentFilter filter) =>
        QueryHelpers.AddQueryString("", ToParameters(filter).Where(p => p.Value is not null).ToDictionary(p => p.Key, p => (string?)p.Value));

    public static StudentFilter FromQuery(Func<string, string?> get) => new(
        Search: Text(get(Search)),
        SchoolId: Text(get(School)),
        Grade: int.TryParse(get(Grade), NumberStyles.None, CultureInfo.InvariantCulture, out var grade) && grade is >= 1 and <= 12 ? grade : null,
        ClassName: Text(get(Class)),
        LearningStyle: Text(get(Style)),
        Graduated: get(Graduated) switch { "yes" => true, "no" => false, _ => null });

    public static StudentFilter FromQuery(IQueryCollection query) => FromQuery(key => query[key].FirstOrDefault());

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
