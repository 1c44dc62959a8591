using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Localization;
using StudentHub.Web.Security;

namespace StudentHub.Web.Home;

/// <summary>The live figures of the overview, counted within the reader's school scope.</summary>
/// <param name="Schools">The schools counted; null for every school (staff and admins).</param>
/// <param name="EventsToday">Learning events since the start of the reader's day.</param>
/// <param name="TasksDue">Active scheduled tasks whose next run is due (<c>next_run_at &lt;= now</c>).</param>
/// <param name="Partitions">The monthly partitions of <c>learning_history</c>, for staff and admins only.</param>
public sealed record HomeFigureSet(
    IReadOnlyList<string>? Schools,
    long Students,
    long EventsToday,
    long ActiveInterventions,
    long TasksDue,
    PartitionSummary? Partitions);

public sealed record PartitionSummary(int Count, string? First, string? Last);

/// <summary>Learning events per day of the reader's calendar, by source node.</summary>
/// <param name="Counts">For each node 1–6 (index 0–5), the count on each of <paramref name="Days"/>.</param>
public sealed record EventsPerDay(IReadOnlyList<DateOnly> Days, IReadOnlyList<long[]> Counts);

/// <summary>
/// What the overview shows. Everything is counted in SQL and scoped by <see cref="SchoolScope"/>: a teacher sees the
/// numbers of their own schools. Queries on <c>learning_history</c> (tens of millions of rows) are bounded by
/// <c>occurred_at</c>, so they read one index range of the latest partitions only.
/// </summary>
public sealed class HomeFigures(IDbContextFactory<StudentHubDbContext> contextFactory, SchoolScope scope, TimeProvider clock)
{
    public const int ChartDays = 14;
    public const int SourceNodes = 6;

    public async Task<HomeFigureSet> LoadFiguresAsync(TimeZoneInfo readerZone, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = ReaderTimeZone.DayOf(now, readerZone);
        var startOfToday = ReaderTimeZone.StartOfDay(today, readerZone);
        var startOfTomorrow = ReaderTimeZone.StartOfDay(today.AddDays(1), readerZone);
        var schools = await scope.SchoolIdsAsync(ct);

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var students = await scope.ApplyAsync(db.Students, ct);
        var studentIds = students.Select(s => s.Id);

        var events = db.LearningHistory.Where(e => e.OccurredAt >= startOfToday && e.OccurredAt < startOfTomorrow);
        var interventions = db.Interventions.Where(i => i.Status == InterventionStatus.Active);
        var tasksDue = db.ScheduledTasks.Where(t => t.Status == ScheduledTaskStatus.Active && t.NextRunAt <= now);
        if (schools is not null)
        {
            events = events.Where(e => studentIds.Contains(e.StudentId));
            interventions = interventions.Where(i => studentIds.Contains(i.StudentId));
            // A global task (no student) belongs to no school: only staff and admins count it.
            tasksDue = tasksDue.Where(t => t.StudentId != null && studentIds.Contains(t.StudentId.Value));
        }

        return new HomeFigureSet(
            schools?.Order().ToList(),
            await students.LongCountAsync(ct),
            await events.LongCountAsync(ct),
            await interventions.LongCountAsync(ct),
            await tasksDue.LongCountAsync(ct),
            schools is null ? await PartitionsAsync(db, ct) : null);
    }

    /// <summary>The last <see cref="ChartDays"/> days of the reader's calendar, today included, grouped in SQL.</summary>
    public async Task<EventsPerDay> LoadEventsPerDayAsync(TimeZoneInfo readerZone, CancellationToken ct = default)
    {
        var today = ReaderTimeZone.DayOf(clock.GetUtcNow(), readerZone);
        var days = Enumerable.Range(0, ChartDays).Select(i => today.AddDays(i - ChartDays + 1)).ToList();
        var from = ReaderTimeZone.StartOfDay(days[0], readerZone);
        var to = ReaderTimeZone.StartOfDay(today.AddDays(1), readerZone);
        var zone = ReaderTimeZone.IanaIdOf(readerZone);
        var schools = await scope.SchoolIdsAsync(ct);

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var events = db.LearningHistory.Where(e => e.OccurredAt >= from && e.OccurredAt < to);
        if (schools is not null)
        {
            var studentIds = (await scope.ApplyAsync(db.Students, ct)).Select(s => s.Id);
            events = events.Where(e => studentIds.Contains(e.StudentId));
        }
        // GROUP BY (occurred_at AT TIME ZONE zone)::date, source_node: the day as the reader's calendar has it.
        var rows = await events
            .GroupBy(e => new
            {
                Day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeBySystemTimeZoneId(e.OccurredAt.UtcDateTime, zone)),
                e.SourceNode,
            })
            .Select(g => new { g.Key.Day, g.Key.SourceNode, Count = g.LongCount() })
            .ToListAsync(ct);

        var counts = Enumerable.Range(0, SourceNodes).Select(_ => new long[ChartDays]).ToList();
        foreach (var row in rows)
        {
            var day = days.IndexOf(row.Day);
            if (day >= 0 && row.SourceNode is >= 1 and <= SourceNodes)
                counts[row.SourceNode - 1][day] = row.Count;
        }
        return new EventsPerDay(days, counts);
    }

    private static async Task<PartitionSummary> PartitionsAsync(StudentHubDbContext db, CancellationToken ct)
    {
        var partitions = await db.Database.SqlQueryRaw<string>("""
            SELECT c.relname::text AS "Value"
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.learning_history'::regclass
            ORDER BY c.relname
            """).ToListAsync(ct);
        return new PartitionSummary(partitions.Count, partitions.FirstOrDefault(), partitions.LastOrDefault());
    }
}

public static class HomeExtensions
{
    public static IServiceCollection AddHome(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services.AddScoped<HomeFigures>();
    }
}
