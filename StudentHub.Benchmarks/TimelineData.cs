using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using StudentHub.Data;
using StudentHub.Web.Database;
using StudentHub.Web.Demo;

namespace StudentHub.Benchmarks;

/// <summary>
/// The timeline benchmark's data: students through the app's demo seeder, then a long history for each, spread
/// evenly over many monthly partitions (the demo seeder covers only the last school year, and the benchmark needs
/// years), written with binary COPY on two connections at once into partitions made by the app's own function.
/// </summary>
internal static class TimelineData
{
    private static readonly string[] Concepts =
        ["fractions", "linear_equations", "quadratic_functions", "probability", "geometry_basics", "ratios", "polynomials", "statistics"];

    private static readonly string[] EventTypes = ["study", "test", "review", "assessment", "study", "test"];
    private static readonly string[] Results = ["correct", "correct", "incorrect", "partial"];

    private const string CopyEvents =
        "COPY learning_history (occurred_at, student_id, event_type, source_node, source_id, content, event_id) FROM STDIN (FORMAT BINARY)";

    public static async Task<SeedReport> PrepareAsync(
        NpgsqlDataSource dataSource, IDbContextFactory<StudentHubDbContext> contexts, DemoDataSeeder seeder,
        TimelineBenchmark.Settings settings, ILogger logger, CancellationToken ct)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
            await DatabaseStartup.MigrateAsync(db, logger, ct);

        var expectedEvents = (long)settings.Students * settings.EventsPerStudent;
        long students;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM students", connection))
            students = (long)(await count.ExecuteScalarAsync(ct))!;

        SeedReport report;
        if (students == 0)
        {
            var stopwatch = Stopwatch.StartNew();
            logger.LogInformation("Seeding {Students:N0} students through the demo seeder", settings.Students);
            await seeder.SeedAsync(new DemoDataOptions(settings.Students, 0), ct);
            var events = await CopyHistoryAsync(dataSource, settings, logger, ct);
            report = new SeedReport(Reused: false, settings.Students, events, stopwatch.Elapsed);
        }
        else if (students == settings.Students)
        {
            var events = await SeededEventsAsync(dataSource, ct);
            if (events < expectedEvents)
                throw new InvalidOperationException(
                    $"The database has {students:N0} students but {events:N0} seeded events, not {expectedEvents:N0}: give an empty database.");
            logger.LogInformation("Reusing the database's {Students:N0} students ({Events:N0} seeded events): no seeding", students, events);
            report = new SeedReport(Reused: true, students, events, TimeSpan.Zero);
        }
        else
        {
            throw new InvalidOperationException(
                $"The database has {students:N0} students, not the {settings.Students:N0} asked for: give an empty database " +
                $"(or one seeded at this scale), or run with --students {students}.");
        }

        // Settled, as a database that has been running is: hint bits set, pages all-visible, statistics current.
        var vacuum = Stopwatch.StartNew();
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var command = new NpgsqlCommand("VACUUM (ANALYZE) students, learning_history", connection))
        {
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(ct);
        }
        logger.LogInformation("VACUUM (ANALYZE) students, learning_history in {Elapsed}", vacuum.Elapsed);
        return report with { VacuumAnalyze = vacuum.Elapsed, AllVisible = double.NaN };
    }

    /// <summary>The benchmark's own seeded events (source_id 'bench'), not those the ingest phase of earlier runs added.</summary>
    private static async Task<long> SeededEventsAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM learning_history WHERE source_id = 'bench'", connection);
        command.CommandTimeout = 0;
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<long> CopyHistoryAsync(NpgsqlDataSource dataSource, TimelineBenchmark.Settings settings, ILogger logger, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var first = now.AddMonths(-settings.Months);
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            for (var month = new DateOnly(first.Year, first.Month, 1); month <= DateOnly.FromDateTime(now.UtcDateTime); month = month.AddMonths(1))
                await StudentHubDatabase.EnsurePartitionAsync(connection, month, ct);
        }

        List<Guid> ids;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var command = new NpgsqlCommand("SELECT id FROM students ORDER BY id", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            ids = [];
            while (await reader.ReadAsync(ct))
                ids.Add(reader.GetGuid(0));
        }

        logger.LogInformation(
            "Copying {Events:N0} events ({PerStudent:N0} per student) over {Months} months on two connections",
            (long)ids.Count * settings.EventsPerStudent, settings.EventsPerStudent, settings.Months);
        var stopwatch = Stopwatch.StartNew();
        var halves = new[] { ids.Where((_, i) => i % 2 == 0).ToList(), ids.Where((_, i) => i % 2 == 1).ToList() };
        var counts = await Task.WhenAll(halves.Select((half, h) => Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var importer = await connection.BeginBinaryImportAsync(CopyEvents, ct);
            importer.Timeout = TimeSpan.Zero;
            var rows = 0L;
            foreach (var student in half)
            {
                var random = new Random(HashCode.Combine(student, 20261124));
                for (var e = 0; e < settings.EventsPerStudent; e++)
                {
                    var at = first + (now - first) * random.NextDouble();
                    await WriteEventAsync(importer, student, at, random, "bench", eventId: null, ct);
                    if (++rows % 1_000_000 == 0 && h == 0)
                        logger.LogInformation("{Rows:N0} events copied on each connection ({Rate:N0} events/s overall)",
                            rows, 2 * rows / stopwatch.Elapsed.TotalSeconds);
                }
            }
            await importer.CompleteAsync(ct);
            return rows;
        }, ct)));
        logger.LogInformation("Copied {Events:N0} events in {Elapsed}", counts.Sum(), stopwatch.Elapsed);
        return counts.Sum();
    }

    /// <summary>One event as a source node would post it: a problem attempt with its concept, result, time, difficulty and hints.</summary>
    public static async Task WriteEventAsync(
        NpgsqlBinaryImporter importer, Guid student, DateTimeOffset at, Random random, string sourceId, Guid? eventId, CancellationToken ct)
    {
        await importer.StartRowAsync(ct);
        await importer.WriteAsync(at.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
        await importer.WriteAsync(student, NpgsqlDbType.Uuid, ct);
        await importer.WriteAsync(EventTypes[random.Next(EventTypes.Length)], NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(1 + random.Next(6), NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(sourceId, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(Content(random), NpgsqlDbType.Jsonb, ct);
        if (eventId is { } id)
            await importer.WriteAsync(id, NpgsqlDbType.Uuid, ct);
        else
            await importer.WriteNullAsync(ct);
    }

    public static string Content(Random random) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"action": "solve_problem", "problem_id": "PROB_{{random.Next(1, 5000)}}", "concept": "{{Concepts[random.Next(Concepts.Length)]}}", "result": "{{Results[random.Next(Results.Length)]}}", "time_spent": {{random.Next(20, 900)}}, "difficulty": {{Math.Round(random.NextDouble(), 2)}}, "hints_used": {{random.Next(4)}}}""");

    public static string EventType(Random random) => EventTypes[random.Next(EventTypes.Length)];
}
