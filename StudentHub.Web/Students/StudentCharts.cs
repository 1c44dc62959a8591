using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;
using StudentHub.Web.Interventions;
using StudentHub.Web.Localization;
using StudentHub.Web.Security;

namespace StudentHub.Web.Students;

/// <summary>Learning events per week of the reader's calendar, by event type.</summary>
/// <param name="Weeks">The Mondays of the weeks shown, oldest first; every week is present, with or without events.</param>
/// <param name="Series">
/// For every event type, in enum order, the count in each week: all five always, so each type keeps its colour from one
/// student to the next.
/// </param>
public sealed record WeeklyActivity(IReadOnlyList<DateOnly> Weeks, IReadOnlyList<ActivitySeries> Series)
{
    public bool IsEmpty => Series.All(s => s.Counts.All(c => c == 0));
}

public sealed record ActivitySeries(EventType EventType, long[] Counts);

/// <summary>The share of results correct in each week of the reader's calendar.</summary>
/// <param name="Weeks">The Mondays of the weeks shown, oldest first.</param>
/// <param name="Accuracy">For each week, 0–1 (a partial result counts half); null for a week without results.</param>
/// <param name="Results">For each week, how many events with a result it had.</param>
public sealed record WeeklyAccuracy(IReadOnlyList<DateOnly> Weeks, IReadOnlyList<double?> Accuracy, IReadOnlyList<long> Results)
{
    public bool IsEmpty => Results.All(r => r == 0);
}

/// <param name="Mastery">0–1; see <see cref="StudentCharts.LoadMasteryAsync"/>.</param>
/// <param name="Attempts">The results it was computed from (at most <see cref="MasteryOptions.MaxAttemptsPerConcept"/>).</param>
public sealed record ConceptMastery(string Concept, double Mastery, int Attempts);

/// <summary>
/// The student page's charts. Each is one query over a bounded window of <c>learning_history</c>, grouped in
/// PostgreSQL (mastery: folded by the knowledge-tracing model as the rows stream in), so a student with a hundred
/// thousand events reads one index range of a few partitions, never the whole history. Weeks are ISO weeks (Monday to Sunday) of the reader's calendar. Every query carries the
/// reader's school scope: a student outside it reads as one without events.
/// </summary>
/// <remarks>The queries name their columns as the context's snake_case convention maps the result records (Week → week).</remarks>
public sealed class StudentCharts(IDbContextFactory<StudentHubDbContext> contextFactory, SchoolScope scope, StudentMastery mastery, TimeProvider clock)
{
    /// <summary>The activity and accuracy charts show this many weeks, the current one included (about six months).</summary>
    public const int Weeks = 26;

    /// <summary>The mastery chart shows at most this many concepts, the weakest.</summary>
    public const int MasteryConcepts = 12;

    /// <summary>The mastery model's target and window, which the chart's caption names; interventions' weak areas target the same.</summary>
    public MasteryOptions Mastery => mastery.Options;

    /// <summary>Events per (week, event type) over the last <see cref="Weeks"/> weeks; weeks without events count zero.</summary>
    public async Task<WeeklyActivity> LoadActivityAsync(Guid studentId, TimeZoneInfo readerZone, CancellationToken ct = default)
    {
        var (weeks, from, to) = WeekWindow(readerZone);
        var zone = ReaderTimeZone.IanaIdOf(readerZone);
        var (everySchool, schools) = await ScopeAsync(ct);

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        // The bounds prune every partition outside the window: 26 weeks of a very active student (25,000 events) group in about 20 ms.
        var rows = await db.Database.SqlQuery<WeekTypeCount>($"""
            SELECT date_trunc('week', e.occurred_at AT TIME ZONE {zone})::date AS week,
                   e.event_type,
                   count(*) AS count
            FROM learning_history e
            WHERE e.student_id = {studentId} AND e.occurred_at >= {from} AND e.occurred_at < {to}
              AND EXISTS (SELECT 1 FROM students s WHERE s.id = {studentId} AND ({everySchool} OR s.school_id = ANY({schools})))
            GROUP BY 1, 2
            """).ToListAsync(ct);

        var series = Enum.GetValues<EventType>().Select(type => new ActivitySeries(type, new long[Weeks])).ToList();
        foreach (var row in rows)
        {
            var type = SnakeCaseEnumConverter<EventType>.FromDatabase(row.EventType);
            series.Single(s => s.EventType == type).Counts[weeks.IndexOf(row.Week)] = row.Count;
        }
        return new WeeklyActivity(weeks, series);
    }

    /// <summary>
    /// Per week of the last <see cref="Weeks"/>, the mean credit of the events with a result (correct 1, partial ½,
    /// incorrect 0), of any event type. A week without results is null, not zero: zero would read as "all wrong",
    /// so the line breaks there instead.
    /// </summary>
    public async Task<WeeklyAccuracy> LoadAccuracyAsync(Guid studentId, TimeZoneInfo readerZone, CancellationToken ct = default)
    {
        var (weeks, from, to) = WeekWindow(readerZone);
        var zone = ReaderTimeZone.IanaIdOf(readerZone);
        var (everySchool, schools) = await ScopeAsync(ct);

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var rows = await db.Database.SqlQuery<WeekAccuracy>($"""
            SELECT date_trunc('week', e.occurred_at AT TIME ZONE {zone})::date AS week,
                   count(*) AS results,
                   avg(CASE e.content->>'result' WHEN 'correct' THEN 1.0 WHEN 'partial' THEN 0.5 ELSE 0.0 END)::float8 AS accuracy
            FROM learning_history e
            WHERE e.student_id = {studentId} AND e.occurred_at >= {from} AND e.occurred_at < {to}
              AND e.content->>'result' IN ('correct', 'incorrect', 'partial')
              AND EXISTS (SELECT 1 FROM students s WHERE s.id = {studentId} AND ({everySchool} OR s.school_id = ANY({schools})))
            GROUP BY 1
            """).ToListAsync(ct);

        var accuracy = new double?[Weeks];
        var results = new long[Weeks];
        foreach (var row in rows)
        {
            var week = weeks.IndexOf(row.Week);
            accuracy[week] = row.Accuracy;
            results[week] = row.Results;
        }
        return new WeeklyAccuracy(weeks, accuracy, results);
    }

    /// <summary>
    /// The <see cref="MasteryConcepts"/> weakest concepts, weakest first (ties by name): the knowledge-tracing estimate
    /// of <see cref="StudentMastery"/> (docs/mastery.md), the chance the student knows the concept now, with the
    /// results it read. The reader's school scope applies as to every chart.
    /// </summary>
    public async Task<IReadOnlyList<ConceptMastery>> LoadMasteryAsync(Guid studentId, CancellationToken ct = default)
    {
        var concepts = await mastery.LoadAsync(studentId, await scope.SchoolIdsAsync(ct), ct);
        return concepts
            .OrderBy(c => c.Mastery).ThenBy(c => c.Concept, StringComparer.Ordinal)
            .Take(MasteryConcepts)
            .Select(c => new ConceptMastery(c.Concept, c.Mastery, c.Attempts))
            .ToList();
    }

    /// <summary>
    /// The Mondays of the last <see cref="Weeks"/> weeks in <paramref name="zone"/>, and the instants bounding them: the
    /// reader's Monday midnights, so every row's week is one of these (and the range prunes partitions).
    /// </summary>
    private (List<DateOnly> Weeks, DateTimeOffset From, DateTimeOffset To) WeekWindow(TimeZoneInfo zone)
    {
        var today = ReaderTimeZone.DayOf(clock.GetUtcNow(), zone);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weeks = Enumerable.Range(0, Weeks).Select(i => monday.AddDays(7 * (i - Weeks + 1))).ToList();
        return (weeks, ReaderTimeZone.StartOfDay(weeks[0], zone), ReaderTimeZone.StartOfDay(monday.AddDays(7), zone));
    }

    private async Task<(bool EverySchool, string[] Schools)> ScopeAsync(CancellationToken ct)
    {
        var schools = await scope.SchoolIdsAsync(ct);
        return (schools is null, schools?.ToArray() ?? []);
    }

    private sealed record WeekTypeCount(DateOnly Week, string EventType, long Count);

    private sealed record WeekAccuracy(DateOnly Week, long Results, double Accuracy);
}
