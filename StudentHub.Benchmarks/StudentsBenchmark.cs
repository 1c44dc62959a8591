using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Demo;
using StudentHub.Web.Security;
using StudentHub.Web.Students;

namespace StudentHub.Benchmarks;

/// <summary>
/// <c>students</c>: the student list and name search at a chosen scale (issue 4's targets at 1,000,000 students:
/// search by a fragment of three or more characters p95 ≤ 50 ms and ≥ 20× faster than a sequential scan; a list
/// page p95 ≤ 50 ms).
/// </summary>
internal static class StudentsBenchmark
{
    public const double TargetP95Milliseconds = 50;
    public const double TargetSpeedUp = 20;

    // Inputs are drawn from the seeded data with a fixed seed, so that reruns time the same fragments and schools.
    private const int InputSeed = 20261124;
    private const int MaxDistinctInputs = 100;

    public static Command Command()
    {
        var students = new Option<int>("--students") { Description = "Students to seed (or to find in a reused database).", DefaultValueFactory = _ => 1_000_000 };
        var events = new Option<int>("--events-per-student") { Description = "Learning events per student; the student list does not read them.", DefaultValueFactory = _ => 0 };
        var iterations = new Option<int>("--iterations") { Description = "Timed runs of each scenario, each way (app and raw SQL).", DefaultValueFactory = _ => 200 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed runs of each scenario, each way, before timing.", DefaultValueFactory = _ => 50 };
        var sequential = new Option<int>("--seqscan-iterations") { Description = "Timed runs of the search forced to a sequential scan.", DefaultValueFactory = _ => 10 };

        var command = new Command("students", "Student list and name search: seed, time, compare with raw SQL and a sequential scan.")
        {
            students, events, iterations, warmup, sequential,
        };
        var common = new CommonOptions();
        // Checked here rather than in a validator: a command validator sees 0, not the default, for an option not given.
        common.SetAction(command,
            parse => new Settings(
                parse.GetValue(students), parse.GetValue(events), parse.GetValue(iterations), parse.GetValue(warmup),
                parse.GetValue(sequential), common.Connection(parse), common.ClusterDirectory(parse),
                common.ServerSettings(parse), common.ResultsPath(parse)),
            settings => settings switch
            {
                { Students: < 1 } => "--students must be at least 1.",
                { EventsPerStudent: < 0 } => "--events-per-student cannot be negative.",
                { Iterations: < 1 } or { SequentialScanIterations: < 1 } => "--iterations and --seqscan-iterations must be at least 1.",
                { Warmup: < 0 } => "--warmup cannot be negative.",
                _ => null,
            },
            RunAsync);
        return command;
    }

    internal sealed record Settings(
        int Students, int EventsPerStudent, int Iterations, int Warmup, int SequentialScanIterations,
        string? Connection, string? ClusterDirectory, IReadOnlyList<string> ServerSettings, string? ResultsPath)
    {
        public string CommandLine =>
            $"dotnet run -c Release --project StudentHub.Benchmarks -- students --students {Students} --iterations {Iterations}" +
            (EventsPerStudent != 0 ? $" --events-per-student {EventsPerStudent}" : "") +
            (Warmup != 50 ? $" --warmup {Warmup}" : "") +
            (SequentialScanIterations != 10 ? $" --seqscan-iterations {SequentialScanIterations}" : "") +
            string.Concat(ServerSettings.Select(s => $" --server-setting {s}"));
    }

    private static async Task<int> RunAsync(Settings settings, CancellationToken ct)
    {
        await using var session = await BenchmarkSession.StartAsync(
            settings.Connection, settings.ClusterDirectory, settings.ServerSettings, $"studenthub_bench_{settings.Students}_{settings.EventsPerStudent}", ct);
        if (session is null)
            return 2;
        var (loggers, logger, started, database) = session;

        var capture = new CommandCapture();
        await using var provider = BenchmarkServices.Create(database.ConnectionString, loggers, capture);
        // One scope is one signed-in admin's circuit: the app builds a StudentDirectory per circuit, and so does this.
        await using var scope = provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(BenchmarkServices.AdminPrincipal());
        var dataSource = provider.GetRequiredService<NpgsqlDataSource>();

        SeedReport seed;
        try
        {
            seed = await database.PrepareAsync(
                dataSource,
                scope.ServiceProvider.GetRequiredService<IDbContextFactory<StudentHubDbContext>>(),
                provider.GetRequiredService<DemoDataSeeder>(),
                settings.Students, settings.EventsPerStudent, logger, ct);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        var machine = await Machine.DescribeAsync(dataSource, ct);
        var indexes = await IndexesAsync(dataSource, ct);
        var distinct = Math.Min(MaxDistinctInputs, settings.Iterations);
        var fragments = await NameFragmentsAsync(dataSource, settings.Students, distinct, ct);
        var classes = await SchoolGradesAsync(dataSource, settings.Students, distinct, ct);
        Scenario[] scenarios =
        [
            new("search", "Name search (3+ character fragment)", fragments.Select(f => new StudentFilter(Search: f)).ToList(), CompareWithSequentialScan: true),
            new("list", "List page, unfiltered", [new StudentFilter()], CompareWithSequentialScan: false),
            new("list-school-grade", "List page, school + grade", classes.Select(c => new StudentFilter(SchoolId: c.School, Grade: c.Grade)).ToList(), CompareWithSequentialScan: false),
        ];

        var loadBefore = Machine.LoadAverage();
        var runner = new ScenarioRunner(
            scope.ServiceProvider.GetRequiredService<StudentDirectory>(), capture, dataSource, database.ConnectionString, logger);
        var outcomes = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
            outcomes.Add(await runner.RunAsync(scenario, settings.Iterations, settings.Warmup, settings.SequentialScanIterations, ct));
        var loadAfter = Machine.LoadAverage();

        var run = new StudentsRun(settings, started, machine, database.Origin, seed, indexes, outcomes, Targets(outcomes), loadBefore, loadAfter);
        Console.WriteLine();
        Console.WriteLine(run.ConsoleReport());
        if (settings.ResultsPath is { } path)
        {
            ResultsFile.Update(path, run.SectionKey, run.Markdown());
            Console.WriteLine($"Results written to {path}");
        }
        return 0;
    }

    private static List<Target> Targets(IReadOnlyList<ScenarioResult> outcomes)
    {
        var targets = new List<Target>();
        foreach (var outcome in outcomes)
        {
            targets.Add(new Target(
                $"{outcome.Scenario.Title}: p95 ≤ {TargetP95Milliseconds:0} ms",
                $"{Format.Ms(outcome.App.P95)} ms",
                outcome.App.P95 <= TargetP95Milliseconds));
            if (outcome.Scenario.CompareWithSequentialScan)
                targets.Add(new Target(
                    $"{outcome.Scenario.Title}: ≥ {TargetSpeedUp:0}× faster than a sequential scan (p50)",
                    Format.Ratio(outcome.SpeedUpOverSequentialScan),
                    outcome.SpeedUpOverSequentialScan >= TargetSpeedUp));
        }
        return targets;
    }

    /// <summary>
    /// Fragments users would type: a sample of real students' names (common names come up as often as they occur),
    /// each cut to a piece of three or more characters (a three-syllable name, e.g. 김민준, is the whole name).
    /// </summary>
    private static async Task<List<string>> NameFragmentsAsync(NpgsqlDataSource dataSource, int students, int count, CancellationToken ct)
    {
        var names = await SampleAsync(dataSource, "SELECT name FROM students", students, count * 20, r => r.GetString(0), ct);
        var random = new Random(InputSeed);
        var fragments = new List<string>(count);
        foreach (var name in names.Where(n => n.Length >= 3))
        {
            var length = random.Next(3, name.Length + 1);
            var fragment = name.Substring(random.Next(0, name.Length - length + 1), length);
            if (!fragments.Contains(fragment))
                fragments.Add(fragment);
            if (fragments.Count == count)
                break;
        }
        if (fragments.Count == 0)
            throw new InvalidOperationException("The seeded students have no name of three or more characters to search for.");
        return fragments;
    }

    private static async Task<List<(string School, int Grade)>> SchoolGradesAsync(NpgsqlDataSource dataSource, int students, int count, CancellationToken ct)
    {
        var pairs = await SampleAsync(dataSource, "SELECT school_id, grade FROM students", students, count * 20, r => (r.GetString(0), r.GetInt32(1)), ct);
        return pairs.Distinct().Take(count).ToList();
    }

    /// <summary>About <paramref name="rows"/> rows of <paramref name="select"/>, in a random but repeatable order.</summary>
    private static async Task<List<T>> SampleAsync<T>(
        NpgsqlDataSource dataSource, string select, int students, int rows, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        var percent = Math.Min(100.0, 100.0 * rows / students);
        var sql = select + $" TABLESAMPLE BERNOULLI ({percent.ToString(CultureInfo.InvariantCulture)}) REPEATABLE ({InputSeed})";
        var sample = new List<T>();
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var command = new NpgsqlCommand(sql, connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                sample.Add(read(reader));
        var random = new Random(InputSeed);
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sample));
        return sample;
    }

    private static async Task<List<string>> IndexesAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var indexes = new List<string>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'students' ORDER BY indexname", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            indexes.Add(reader.GetString(0));
        return indexes;
    }
}

internal sealed record Target(string Description, string Measured, bool Met)
{
    public string Verdict => Met ? "met" : "NOT MET";

    /// <summary>The targets as a Markdown table, a miss in bold.</summary>
    public static void AppendTable(StringBuilder md, IEnumerable<Target> targets)
    {
        md.AppendLine("| target | measured | verdict |");
        md.AppendLine("| --- | ---: | --- |");
        foreach (var target in targets)
            md.AppendLine($"| {target.Description} | {target.Measured} | {(target.Met ? "met" : "**not met**")} |");
    }
}

/// <summary>One statement and its EXPLAIN output, as fenced Markdown.</summary>
internal static class PlanMarkdown
{
    public static void Append(StringBuilder md, string sql, string plan)
    {
        md.AppendLine("```sql");
        md.AppendLine(sql);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(plan);
        md.AppendLine("```");
        md.AppendLine();
    }
}
