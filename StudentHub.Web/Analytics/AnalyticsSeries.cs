using StudentHub.Data.Entities;

namespace StudentHub.Web.Analytics;

/// <summary>One line of the Analytics charts: a school's or a grade's figures, one per week (null where it has no figure).</summary>
public sealed record WeeklySeries(string Key, double?[] ActiveStudents, double?[] Accuracy, double?[] AverageScore);

/// <summary>
/// The charts' lines from the kept rows. One line per grade when a single school is shown, else one per school; a
/// line's week adds up the rows it covers: active students summed, accuracy as all their <see cref="Credit"/> over all
/// their attempts (percent), the average score as the mean of the rows' averages (a row keeps no count of its scores).
/// </summary>
public static class AnalyticsSeries
{
    public static IReadOnlyList<WeeklySeries> Build(IReadOnlyList<WeeklyAnalytics> rows, IReadOnlyList<DateOnly> weeks, bool byGrade) =>
        rows.GroupBy(r => byGrade ? r.Grade.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) : r.SchoolId)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(line =>
            {
                var byWeek = line.ToLookup(r => r.WeekStart);
                return new WeeklySeries(
                    line.Key,
                    weeks.Select(w => byWeek[w].Any() ? byWeek[w].Sum(r => r.ActiveStudents) : (double?)null).ToArray(),
                    weeks.Select(w => byWeek[w].Sum(r => r.Attempts) is > 0 and var attempts
                        ? Math.Round(100.0 * byWeek[w].Sum(Credit) / attempts, 1) : (double?)null).ToArray(),
                    weeks.Select(w => byWeek[w].Where(r => r.AverageScore is not null).Select(r => r.AverageScore!.Value).ToList() is { Count: > 0 } scores
                        ? Math.Round(scores.Average(), 1) : (double?)null).ToArray());
            })
            .ToList();

    /// <summary>Correct attempts plus half the partial ones, as the student page counts accuracy.</summary>
    public static double Credit(this WeeklyAnalytics row) => row.CorrectAttempts + row.PartialAttempts / 2.0;

    /// <summary>The Mondays from <paramref name="from"/>'s week to <paramref name="to"/>'s, oldest first.</summary>
    public static IReadOnlyList<DateOnly> Weeks(DateOnly from, DateOnly to)
    {
        var monday = from.AddDays(-(((int)from.DayOfWeek + 6) % 7));
        var weeks = new List<DateOnly>();
        for (var week = monday; week <= to; week = week.AddDays(7))
            weeks.Add(week);
        return weeks;
    }
}
