using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StudentHub.Data;
using StudentHub.Web.Demo;
using StudentHub.Web.Security;
using StudentHub.Web.Timeline;

namespace StudentHub.Benchmarks;

/// <summary>
/// <c>timeline</c>: issue 5's targets at 20 million events over about 60 monthly partitions. The timeline's first
/// page p95 ≤ 10 ms, page 100 within 1.2× of page 1, each within 1.5× of the same SQL run raw, EXPLAIN an
/// ordered Append with no Sort; ingest through HTTP in batches of 1,000 at ≥ 10,000 events/s and at least half of
/// raw binary COPY measured in the same run.
/// </summary>
internal static class TimelineBenchmark
{
    public const double TargetFirstPageP95 = 10;
    public const double TargetDeepOverFirst = 1.2;
    public const double TargetAppOverRaw = 1.5;
    public const double TargetIngestEventsPerSecond = 10_000;
    public const double TargetIngestShareOfCopy = 0.5;
    public const int DeepPage = 100;

    private const int InputSeed = 20261124;

    public static Command Command()
    {
        var students = new Option<int>("--students") { Description = "Students to seed (or to find in a reused database).", DefaultValueFactory = _ => 2_000 };
        // 10,000 each (about five a day for five years): page 100 then lies halfway down a timeline, not at its end.
        var events = new Option<int>("--events-per-student") { Description = "Events per student; at least 5,000 so that page 100 exists.", DefaultValueFactory = _ => 10_000 };
        var months = new Option<int>("--months") { Description = "Months of history, one partition each.", DefaultValueFactory = _ => 60 };
        var sample = new Option<int>("--sample-students") { Description = "Students whose timelines are timed, in turn.", DefaultValueFactory = _ => 50 };
        var iterations = new Option<int>("--iterations") { Description = "Timed runs of each page, each way (app and raw SQL).", DefaultValueFactory = _ => 400 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed runs of each page, each way, before timing.", DefaultValueFactory = _ => 100 };
        var batches = new Option<int>("--ingest-batches") { Description = "Batches of 1,000 events posted (and copied raw) per round.", DefaultValueFactory = _ => 100 };
        var clients = new Option<int>("--ingest-clients") { Description = "Concurrent posting clients (and raw COPY connections).", DefaultValueFactory = _ => 4 };
        var rounds = new Option<int>("--ingest-rounds") { Description = "Rounds of raw COPY then HTTP, alternated so that drift hits both.", DefaultValueFactory = _ => 2 };

        var command = new Command("timeline", "A student's timeline at depth, and the ingest API against raw COPY.")
        {
            students, events, months, sample, iterations, warmup, batches, clients, rounds,
        };
        var common = new CommonOptions();
        common.SetAction(command,
            parse => new Settings(
                parse.GetValue(students), parse.GetValue(events), parse.GetValue(months), parse.GetValue(sample),
                parse.GetValue(iterations), parse.GetValue(warmup), parse.GetValue(batches), parse.GetValue(clients), parse.GetValue(rounds),
                common.Connection(parse), common.ClusterDirectory(parse), common.ServerSettings(parse),
                common.ResultsPath(parse)),
            settings => settings switch
            {
                { Students: < 1 } => "--students must be at least 1.",
                { EventsPerStudent: < DeepPage * TimelineQuery.PageSize } => $"--events-per-student must be at least {DeepPage * TimelineQuery.PageSize:N0}, for page {DeepPage} to exist.",
                { Months: < 1 } => "--months must be at least 1.",
                { SampleStudents: < 1 } or { Iterations: < 1 } or { IngestBatches: < 1 } or { IngestClients: < 1 } or { IngestRounds: < 1 } =>
                    "--sample-students, --iterations, --ingest-batches, --ingest-clients and --ingest-rounds must be at least 1.",
                { Warmup: < 0 } => "--warmup cannot be negative.",
                _ => null,
            },
            RunAsync);
        return command;
    }

    internal sealed record Settings(
        int Students, int EventsPerStudent, int Months, int SampleStudents, int Iterations, int Warmup,
        int IngestBatches, int IngestClients, int IngestRounds,
        string? Connection, string? ClusterDirectory, IReadOnlyList<string> ServerSettings, string? ResultsPath)
    {
        public long Events => (long)Students * EventsPerStudent;

        public string CommandLine =>
            $"dotnet run -c Release --project StudentHub.Benchmarks -- timeline --students {Students} --events-per-student {EventsPerStudent} --months {Months}" +
            $" --iterations {Iterations} --ingest-batches {IngestBatches} --ingest-clients {IngestClients}" +
            string.Concat(ServerSettings.Select(s => $" --server-setting {s}"));
    }

    private static async Task<int> RunAsync(Settings settings, CancellationToken ct)
    {
        await using var session = await BenchmarkSession.StartAsync(
            settings.Connection, settings.ClusterDirectory, settings.ServerSettings, $"studenthub_timeline_{settings.Students}_{settings.EventsPerStudent}_{settings.Months}", ct);
        if (session is null)
            return 2;
        var (loggers, logger, started, database) = session;

        var capture = new CommandCapture();
        await using var provider = BenchmarkServices.Create(database.ConnectionString, loggers, capture);
        await using var scope = provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(BenchmarkServices.AdminPrincipal());
        var dataSource = provider.GetRequiredService<NpgsqlDataSource>();

        SeedReport seed;
        try
        {
            seed = await TimelineData.PrepareAsync(
                dataSource, scope.ServiceProvider.GetRequiredService<IDbContextFactory<StudentHubDbContext>>(),
                provider.GetRequiredService<DemoDataSeeder>(), settings, logger, ct);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        var machine = await Machine.DescribeAsync(dataSource, ct);
        var shape = await ShapeAsync(dataSource, ct);
        var loadBefore = Machine.LoadAverage();

        var timeline = scope.ServiceProvider.GetRequiredService<TimelineQuery>();
        var inputs = await InputsAsync(dataSource, settings, ct);
        var pages = await new TimelinePageRunner(timeline, capture, dataSource, logger).RunAsync(inputs, settings.Iterations, settings.Warmup, ct);

        var ingest = await new IngestRunner(dataSource, database.ConnectionString, scope.ServiceProvider, logger)
            .RunAsync(settings.IngestBatches, settings.IngestClients, settings.IngestRounds, ct);
        var loadAfter = Machine.LoadAverage();

        var run = new TimelineRun(settings, started, machine, database.Origin, seed, shape, pages, ingest, loadBefore, loadAfter);
        Console.WriteLine();
        Console.WriteLine(run.ConsoleReport());
        if (settings.ResultsPath is { } path)
        {
            ResultsFile.Update(path, run.SectionKey, run.Markdown());
            Console.WriteLine($"Results written to {path}");
        }
        return 0;
    }

    /// <summary>
    /// The timed students, drawn with a fixed seed, and for each the cursor that ends page 99, so that the next
    /// page is page 100. OFFSET finds that cursor once, here, untimed: the app never uses it.
    /// </summary>
    private static async Task<List<TimelineInput>> InputsAsync(NpgsqlDataSource dataSource, Settings settings, CancellationToken ct)
    {
        var students = new List<Guid>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var command = new NpgsqlCommand(
            "SELECT id FROM students ORDER BY md5(id::text || $1) LIMIT $2", connection))
        {
            command.Parameters.AddWithValue(InputSeed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue(settings.SampleStudents);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                students.Add(reader.GetGuid(0));
        }

        var inputs = new List<TimelineInput>(students.Count);
        foreach (var student in students)
        {
            await using var command = new NpgsqlCommand(
                "SELECT occurred_at, id FROM learning_history WHERE student_id = $1 ORDER BY occurred_at DESC, id DESC OFFSET $2 LIMIT 1", connection);
            command.Parameters.AddWithValue(student);
            command.Parameters.AddWithValue((DeepPage - 1) * TimelineQuery.PageSize - 1);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
                throw new InvalidOperationException($"Student {student} has fewer than {(DeepPage - 1) * TimelineQuery.PageSize:N0} events.");
            inputs.Add(new TimelineInput(student, new TimelineCursor(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1))));
        }
        return inputs;
    }

    private static async Task<HistoryShape> ShapeAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*), coalesce(sum(c.reltuples), 0)::bigint,
                   coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint,
                   min(c.relname), max(c.relname)
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.learning_history'::regclass
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new HistoryShape((int)reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4));
    }
}

internal sealed record TimelineInput(Guid Student, TimelineCursor DeepCursor);

/// <summary>The partitions of learning_history: how many, their estimated rows, their size with indexes, the first and last.</summary>
internal sealed record HistoryShape(int Partitions, long EstimatedRows, long Bytes, string First, string Last);
