using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Security;

namespace StudentHub.Web.Analytics;

/// <summary>What the Analytics page shows: a school (null: all the reader's), a grade (null: all), weeks starting <see cref="From"/> to <see cref="To"/>.</summary>
public sealed record AnalyticsFilter(string? SchoolId, int? Grade, DateOnly From, DateOnly To);

/// <summary>
/// The filter as URL query parameters: <c>school=SCH001</c>, <c>grade=5</c>, <c>from=2026-01-05</c>, <c>to=2026-03-23</c>
/// (ISO dates), so a view can be bookmarked. A malformed or missing value falls back to its default.
/// </summary>
public static class AnalyticsFilterQuery
{
    public const string School = "school";
    public const string Grade = "grade";
    public const string From = "from";
    public const string To = "to";

    public static IReadOnlyDictionary<string, object?> ToParameters(AnalyticsFilter filter, AnalyticsFilter defaults) => new Dictionary<string, object?>
    {
        [School] = filter.SchoolId,
        [Grade] = filter.Grade?.ToString(CultureInfo.InvariantCulture),
        [From] = filter.From == defaults.From ? null : Iso(filter.From),
        [To] = filter.To == defaults.To ? null : Iso(filter.To),
    };

    public static AnalyticsFilter FromQuery(Func<string, string?> get, AnalyticsFilter defaults) => new(
        string.IsNullOrWhiteSpace(get(School)) ? null : get(School)!.Trim(),
        int.TryParse(get(Grade), NumberStyles.None, CultureInfo.InvariantCulture, out var grade) && grade is >= 1 and <= 12 ? grade : null,
        Date(get(From)) ?? defaults.From,
        Date(get(To)) ?? defaults.To);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}

/// <summary>
/// The rows the <c>weekly_analytics</c> task kept, as the current reader may see them: teachers their schools'
/// (<see cref="SchoolScope"/>), staff and admins every school's.
/// </summary>
public sealed class AnalyticsReader(IDbContextFactory<StudentHubDbContext> contexts, SchoolScope scope)
{
    /// <summary>The page opens on this many weeks, the last one the week that most recently finished.</summary>
    public const int DefaultWeeks = 12;

    /// <summary>The default view for a reader whose calendar shows <paramref name="today"/>.</summary>
    public static AnalyticsFilter Default(DateOnly today)
    {
        var lastFinished = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) - 7);
        return new AnalyticsFilter(null, null, lastFinished.AddDays(-7 * (DefaultWeeks - 1)), lastFinished);
    }

    /// <summary>The rows of <paramref name="filter"/>'s weeks, by week, school and grade.</summary>
    public async Task<IReadOnlyList<WeeklyAnalytics>> LoadAsync(AnalyticsFilter filter, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await ScopedAsync(db, ct);
        if (filter.SchoolId is { } school)
            rows = rows.Where(r => r.SchoolId == school);
        if (filter.Grade is { } grade)
            rows = rows.Where(r => r.Grade == grade);
        return await rows.Where(r => r.WeekStart >= filter.From && r.WeekStart <= filter.To)
            .OrderBy(r => r.WeekStart).ThenBy(r => r.SchoolId).ThenBy(r => r.Grade)
            .AsNoTracking().ToListAsync(ct);
    }

    /// <summary>When the reader's rows were last computed; null when there are none at all.</summary>
    public async Task<DateTimeOffset?> LastComputedAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await (await ScopedAsync(db, ct)).MaxAsync(r => (DateTimeOffset?)r.ComputedAt, ct);
    }

    /// <summary>The schools the reader may choose: a teacher's own, else every school with rows.</summary>
    public async Task<IReadOnlyList<string>> SchoolsAsync(CancellationToken ct = default)
    {
        if (await scope.SchoolIdsAsync(ct) is { } assigned)
            return assigned.Order(StringComparer.Ordinal).ToList();
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.WeeklyAnalytics.Select(r => r.SchoolId).Distinct().OrderBy(s => s).ToListAsync(ct);
    }

    private async Task<IQueryable<WeeklyAnalytics>> ScopedAsync(StudentHubDbContext db, CancellationToken ct)
    {
        var schools = await scope.SchoolIdsAsync(ct);
        return schools is null ? db.WeeklyAnalytics : db.WeeklyAnalytics.Where(r => schools.Contains(r.SchoolId));
    }
}
