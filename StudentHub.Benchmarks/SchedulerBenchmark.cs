using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StudentHub.Data;
using StudentHub.Web.Demo;
using StudentHub.Web.Health;
using StudentHub.Web.Scheduler;
using StudentHub.Web.Security;

namespace StudentHub.Benchmarks;

/// <summary>
/// <c>scheduler</c>: issue 7's targets at 100,000 scheduled tasks. The dispatcher's claim query p95 ≤ 5 ms through
/// the partial index <c>idx_scheduled_tasks_next_run</c>; 10,000 due tasks dispatched by two real
/// <see cref="TaskDispatcher"/>s, as two app instances, with no task run twice. Also the dashboard's first page in
/// its default sort (next run), which the issue sets no target for.
/// </summary>
internal static class SchedulerBenchmark
{
    public const double TargetClaimP95 = 5;
    public const string ClaimIndex = "idx_scheduled_tasks_next_run";
    public const int DashboardPageSize = 25; // the dashboard's default rows per page

    public static readonly string[] Instances = ["bench-a", "bench-b"];

    public static Command Command()
    {
        var tasks = new Option<int>("--tasks") { Description = "Scheduled tasks to make (remade on every run).", DefaultValueFactory = _ => 100_000 };
        var students = new Option<int>("--students") { Description = "Students to seed (or to find in a reused database); three in five tasks belong to one.", DefaultValueFactory = _ => 10_000 };
        var due = new Option<int>("--claim-due") { Description = "Tasks due while the claim is timed.", DefaultValueFactory = _ => 100 };
        var dispatch = new Option<int>("--dispatch-due") { Description = "Tasks made due for the two dispatchers to run.", DefaultValueFactory = _ => 10_000 };
        var batch = new Option<int>("--batch-size") { Description = "Tasks claimed per heartbeat (Scheduler:BatchSize).", DefaultValueFactory = _ => new SchedulerOptions().BatchSize };
        var iterations = new Option<int>("--iterations") { Description = "Timed runs of the claim and of the dashboard page, each way.", DefaultValueFactory = _ => 400 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed runs of each, each way, before timing.", DefaultValueFactory = _ => 50 };

        var command = new Command("scheduler", "The dispatcher's claim, two dispatchers draining due tasks, and the dashboard's first page.")
        {
            tasks, students, due, dispatch, batch, iterations, warmup,
        };
        var common = new CommonOptions();
        common.SetAction(command,
            parse => new Settings(
                parse.GetValue(tasks), parse.GetValue(students), parse.GetValue(due), parse.GetValue(dispatch), parse.GetValue(batch),
                parse.GetValue(iterations), parse.GetValue(warmup), common.Connection(parse), common.ClusterDirectory(parse),
                common.ServerSettings(parse), common.ResultsPath(parse)),
            settings => settings switch
            {
                { Tasks: < 1 } or { Students: < 1 } or { ClaimDue: < 1 } or { DispatchDue: < 1 } or { BatchSize: < 1 } or { Iterations: < 1 } =>
                    "--tasks, --students, --claim-due, --dispatch-due, --batch-size and --iterations must be at least 1.",
                { Warmup: < 0 } => "--warmup cannot be negative.",
                // Only active tasks (four in five) can be made due.
                _ when Math.Max(settings.ClaimDue, settings.DispatchDue) > settings.Tasks * 4 / 5 =>
                    "--claim-due and --dispatch-due must be at most four fifths of --tasks (the active ones).",
                _ => null,
            },
            RunAsync);
        return command;
    }

    internal sealed record Settings(
        int Tasks, int Students, int ClaimDue, int DispatchDue, int BatchSize, int Iterations, int Warmup,
        string? Connection, string? ClusterDirectory, IReadOnlyList<string> ServerSettings, string? ResultsPath)
    {
        public string CommandLine =>
            $"dotnet run -c Release --project StudentHub.Benchmarks -- scheduler --tasks {Tasks} --students {Students}" +
            $" --claim-due {ClaimDue} --dispatch-due {DispatchDue} --batch-size {BatchSize} --iterations {Iterations}" +
            (Warmup != 50 ? $" --warmup {Warmup}" : "") +
            string.Concat(ServerSettings.Select(s => $" --server-setting {s}"));
    }

    private static async Task<int> RunAsync(Settings settings, CancellationToken ct)
    {
        await using var session = await BenchmarkSession.StartAsync(
            settings.Connection, settings.ClusterDirectory, settings.ServerSettings, $"studenthub_scheduler_{settings.Students}", ct);
        if (session is null)
            return 2;
        var (loggers, logger, started, database) = session;

        // Two app instances: each its own services, connection pool and instance name; one handler counts the runs of both.
        var handler = new CountingHandler();
        var capture = new CommandCapture();
        await using var first = BenchmarkServices.Create(database.ConnectionString, loggers, capture, Scheduler(Instances[0], settings.BatchSize, handler));
        await using var second = BenchmarkServices.Create(database.ConnectionString, loggers, new CommandCapture(), Scheduler(Instances[1], settings.BatchSize, handler));
        await using var scope = first.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(BenchmarkServices.AdminPrincipal());
        var dataSource = first.GetRequiredService<NpgsqlDataSource>();

        SeedReport seed;
        TaskShape shape;
        try
        {
            seed = await database.PrepareAsync(
                dataSource, scope.ServiceProvider.GetRequiredService<IDbContextFactory<StudentHubDbContext>>(),
                first.GetRequiredService<DemoDataSeeder>(), settings.Students, 0, logger, ct);
            var setAside = await SchedulerData.PauseOthersAsync(dataSource, ct);
            if (setAside > 0)
                logger.LogInformation("Paused the database's {Count} other active scheduled tasks, so that only the benchmark's run", setAside);
            shape = await SchedulerData.MakeAsync(dataSource, settings.Tasks, DateTimeOffset.UtcNow, logger, ct) with { SetAside = setAside };
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        var machine = await Machine.DescribeAsync(dataSource, ct);
        var loadBefore = Machine.LoadAverage();
        var dispatcher = scope.ServiceProvider.GetRequiredService<TaskDispatcher>();
        var claim = await ClaimAsync(dispatcher, capture, dataSource, settings, logger, ct);
        var burst = await BurstAsync(dispatcher, capture, dataSource, settings, logger, ct);
        var dispatch = await DispatchAsync([first, second], dataSource, handler, settings, logger, ct);
        var dashboard = await DashboardAsync(scope.ServiceProvider.GetRequiredService<ScheduledTaskDirectory>(), capture, dataSource, settings, logger, ct);
        var loadAfter = Machine.LoadAverage();

        var run = new SchedulerRun(settings, started, machine, database.Origin, seed, shape, claim, burst, dispatch, dashboard, loadBefore, loadAfter);
        Console.WriteLine();
        Console.WriteLine(run.Markdown());
        if (settings.ResultsPath is { } path)
        {
            ResultsFile.Update(path, run.SectionKey, run.Markdown());
            Console.WriteLine($"Results written to {path}");
        }
        return 0;
    }

    /// <summary>
    /// What StudentHub.Web's <c>AddScheduler</c> registers for the dispatcher and the dashboard, without its Coravel
    /// heartbeat (the benchmark beats by hand) or the app's handlers (the benchmark's tasks are its own types).
    /// </summary>
    private static Action<IServiceCollection> Scheduler(string instance, int batchSize, ITaskHandler handler) => services =>
    {
        services.AddOptions<SchedulerOptions>().Configure(o => (o.Instance, o.BatchSize) = (instance, batchSize));
        services.AddScoped<TaskDispatcher>();
        services.AddMetrics().AddSingleton<StudentHubMetrics>();
        services.AddScoped<ScheduledTaskDirectory>();
        foreach (var type in SchedulerData.TaskTypes)
            services.AddKeyedSingleton(type, handler).AddSingleton(new TaskTypeRegistration(type));
    };

    /// <summary>
    /// The claim with <see cref="Settings.ClaimDue"/> tasks due among all the others, timed two ways, interleaved:
    /// the claim query alone (the SELECT … FOR UPDATE SKIP LOCKED the dispatcher sent, captured, run raw in a
    /// transaction that is then rolled back), and the whole <see cref="TaskDispatcher.ClaimAsync"/> (that query, the
    /// runs' insert, the tasks' update, the commit), each of whose claims is undone, untimed, before the next.
    /// </summary>
    private static async Task<ClaimMeasurement> ClaimAsync(
        TaskDispatcher dispatcher, CommandCapture capture, NpgsqlDataSource dataSource, Settings settings, ILogger logger, CancellationToken ct)
    {
        await SchedulerData.MakeDueAsync(dataSource, settings.ClaimDue, DateTimeOffset.UtcNow, ct);
        var expected = Math.Min(settings.BatchSize, settings.ClaimDue);
        var query = await CaptureClaimQueryAsync(dispatcher, capture, dataSource, expected, ct);
        logger.LogInformation("Claim: {Due} tasks due, {Batch} claimed each time; warming up ({Warmup} runs each way)",
            settings.ClaimDue, expected, settings.Warmup);

        for (var i = 0; i < settings.Warmup; i++)
        {
            await ClaimOnceAsync(dispatcher, dataSource, expected, ct);
            await QueryOnceAsync(dataSource, query, ct);
        }
        var (app, raw) = await Samples.InterleavedAsync(settings.Iterations,
            _ => ClaimOnceAsync(dispatcher, dataSource, expected, ct),
            _ => QueryOnceAsync(dataSource, query, ct));
        logger.LogInformation("Claim query p50 {P50} ms, p95 {P95} ms; ClaimAsync p50 {AppP50} ms, p95 {AppP95} ms",
            Format.Ms(raw.P50), Format.Ms(raw.P95), Format.Ms(app.P50), Format.Ms(app.P95));

        return new ClaimMeasurement(settings.ClaimDue, expected, raw, app, await ExplainClaimAsync(dataSource, query, $"{settings.ClaimDue:N0} due", ct));
    }

    /// <summary>
    /// The claim query right after <see cref="Settings.DispatchDue"/> tasks fell due at once (the app was down, or a
    /// schedule shared by many tasks came round): first with the statistics from before (fewer changed rows than
    /// autovacuum waits for, so it would not have analyzed the table yet), then after <c>ANALYZE</c>. The dispatch
    /// that follows starts from these tasks.
    /// </summary>
    private static async Task<IReadOnlyList<ClaimQuerySeries>> BurstAsync(
        TaskDispatcher dispatcher, CommandCapture capture, NpgsqlDataSource dataSource, Settings settings, ILogger logger, CancellationToken ct)
    {
        await SchedulerData.AnalyzeAsync(dataSource, ct);
        await SchedulerData.MakeDueAsync(dataSource, settings.DispatchDue, DateTimeOffset.UtcNow, ct);
        var series = new List<ClaimQuerySeries>();
        foreach (var statistics in new[] { "statistics from before", "after ANALYZE" })
        {
            if (series.Count > 0)
                await SchedulerData.AnalyzeAsync(dataSource, ct);
            var query = await CaptureClaimQueryAsync(dispatcher, capture, dataSource, Math.Min(settings.BatchSize, settings.DispatchDue), ct);
            for (var i = 0; i < settings.Warmup; i++)
                await QueryOnceAsync(dataSource, query, ct);
            var samples = new Samples();
            for (var i = 0; i < settings.Iterations; i++)
                samples.Add(await QueryOnceAsync(dataSource, query, ct));
            var label = $"{settings.DispatchDue:N0} due, {statistics}";
            logger.LogInformation("Claim query, {Label}: p50 {P50} ms, p95 {P95} ms", label, Format.Ms(samples.P50), Format.Ms(samples.P95));
            series.Add(new ClaimQuerySeries(label, samples, await ExplainClaimAsync(dataSource, query, label, ct)));
        }
        return series;
    }

    /// <summary>The SELECT … FOR UPDATE SKIP LOCKED of one real claim (undone), with its parameters.</summary>
    private static async Task<CapturedCommand> CaptureClaimQueryAsync(
        TaskDispatcher dispatcher, CommandCapture capture, NpgsqlDataSource dataSource, int expected, CancellationToken ct)
    {
        var commands = new List<CapturedCommand>();
        using (capture.Begin(commands))
            await ClaimOnceAsync(dispatcher, dataSource, expected, ct);
        return commands.Single(c => c.Sql.Contains("FOR UPDATE SKIP LOCKED", StringComparison.Ordinal));
    }

    private static async Task<Plan> ExplainClaimAsync(NpgsqlDataSource dataSource, CapturedCommand query, string label, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // EXPLAIN ANALYZE runs the query, locks and all; the rollback lets them go.
        var plan = await RawSql.ExplainAsync(connection, query, ct);
        await transaction.RollbackAsync(ct);
        return new Plan($"Claim query, {label}", query.Display(), plan);
    }

    private static async Task<TimeSpan> ClaimOnceAsync(TaskDispatcher dispatcher, NpgsqlDataSource dataSource, int expected, CancellationToken ct)
    {
        IReadOnlyList<ClaimedRun> runs = [];
        var elapsed = await Samples.TimeAsync(async () => runs = await dispatcher.ClaimAsync(ct));
        if (runs.Count != expected)
            throw new InvalidOperationException($"The dispatcher claimed {runs.Count} tasks, not {expected}.");
        await SchedulerData.UnclaimAsync(dataSource, runs.Select(r => r.RunId).ToArray(), runs.Select(r => r.Task.Id).ToArray(), ct);
        return elapsed;
    }

    private static async Task<TimeSpan> QueryOnceAsync(NpgsqlDataSource dataSource, CapturedCommand query, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var elapsed = await Samples.TimeAsync(() => RawSql.RunOnAsync(connection, [query], ct));
        await transaction.RollbackAsync(ct);
        return elapsed;
    }

    /// <summary>
    /// Beats two dispatchers (one per app instance) side by side,
    /// as fast as they go, over the <see cref="Settings.DispatchDue"/> tasks <see cref="BurstAsync"/> made due, until
    /// neither finds a task due; then reads back what the run history recorded.
    /// </summary>
    private static async Task<DispatchMeasurement> DispatchAsync(
        IReadOnlyList<ServiceProvider> instances, NpgsqlDataSource dataSource, CountingHandler handler, Settings settings, ILogger logger, CancellationToken ct)
    {
        handler.Runs.Clear();
        logger.LogInformation("Dispatch: {Due:N0} tasks due, two dispatchers of {Batch} tasks a beat", settings.DispatchDue, settings.BatchSize);
        var stopwatch = Stopwatch.StartNew();
        var beats = await Task.WhenAll(instances.Select(services => Task.Run(() => DrainAsync(services, dataSource, ct), ct)));
        var elapsed = stopwatch.Elapsed;
        logger.LogInformation("Dispatch: drained in {Elapsed}", elapsed);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        DispatchMeasurement measured;
        await using (var totals = new NpgsqlCommand(
            $"""
            SELECT count(*), count(DISTINCT r.task_id), count(*) FILTER (WHERE r.outcome = 'succeeded' AND r.lease_until IS NULL),
                   count(*) FILTER (WHERE r.outcome = 'running')
            FROM task_runs r JOIN scheduled_tasks t ON t.id = r.task_id
            WHERE t.{SchedulerData.OwnTasks}
            """, connection))
        await using (var reader = await totals.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            measured = new DispatchMeasurement(
                settings.DispatchDue, elapsed, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                handler.Runs.Values.Sum(), handler.Runs.Count, handler.Runs.IsEmpty ? 0 : handler.Runs.Values.Max(),
                await SchedulerData.DueAsync(dataSource, DateTimeOffset.UtcNow, ct), []);
        }
        var shares = new List<InstanceShare>();
        for (var i = 0; i < Instances.Length; i++)
        {
            await using var count = new NpgsqlCommand("SELECT count(*) FROM task_runs WHERE instance = $1", connection);
            count.Parameters.AddWithValue(Instances[i]);
            shares.Add(new InstanceShare(Instances[i], beats[i].Beats, beats[i].Claimed, (long)(await count.ExecuteScalarAsync(ct))!));
        }
        return measured with { Instances = shares };
    }

    private static async Task<(int Beats, long Claimed)> DrainAsync(ServiceProvider services, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var dispatcher = scope.ServiceProvider.GetRequiredService<TaskDispatcher>();
        var (beats, claimed) = (0, 0L);
        while (true)
        {
            var runs = await dispatcher.BeatAsync(ct);
            (beats, claimed) = (beats + 1, claimed + runs.Count);
            // An empty beat can mean the other instance holds the rest in its claim: stop only when none is left due.
            if (runs.Count == 0 && await SchedulerData.DueAsync(dataSource, DateTimeOffset.UtcNow, ct) == 0)
                return (beats, claimed);
        }
    }

    /// <summary>The dashboard's first page as it opens (no filter, sorted by next run, 25 rows), through the app and raw.</summary>
    private static async Task<DashboardMeasurement> DashboardAsync(
        ScheduledTaskDirectory directory, CommandCapture capture, NpgsqlDataSource dataSource, Settings settings, ILogger logger, CancellationToken ct)
    {
        Task<TaskListPage> FirstPage() => directory.ListAsync(new TaskFilter(), TaskSortColumn.NextRun, descending: false, skip: 0, take: DashboardPageSize, ct);

        var sql = new List<CapturedCommand>();
        TaskListPage page;
        using (capture.Begin(sql))
            page = await FirstPage();
        logger.LogInformation("Dashboard first page: {Rows} rows of {Total:N0}, {Statements} statements; warming up", page.Rows.Count, page.Total, sql.Count);
        for (var i = 0; i < settings.Warmup; i++)
        {
            await FirstPage();
            await RawSql.RunAsync(dataSource, sql, ct);
        }
        var (app, raw) = await Samples.InterleavedAsync(settings.Iterations,
            _ => Samples.TimeAsync(FirstPage),
            _ => Samples.TimeAsync(() => RawSql.RunAsync(dataSource, sql, ct)));
        logger.LogInformation("Dashboard first page: app p50 {P50} ms, p95 {P95} ms; raw SQL p50 {RawP50} ms",
            Format.Ms(app.P50), Format.Ms(app.P95), Format.Ms(raw.P50));

        var plans = new List<Plan>();
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            for (var s = 0; s < sql.Count; s++)
                plans.Add(new Plan($"statement {s + 1} of {sql.Count}", sql[s].Display(), await RawSql.ExplainAsync(connection, sql[s], ct)));
        }
        return new DashboardMeasurement(page.Rows.Count, page.Total, app, raw, plans);
    }

    /// <summary>A no-op handler that counts its runs per task, for the benchmark's task types on both instances.</summary>
    private sealed class CountingHandler : ITaskHandler
    {
        public ConcurrentDictionary<Guid, int> Runs { get; } = new();

        public Task<Dictionary<string, JsonElement>?> RunAsync(TaskRunContext run, CancellationToken ct)
        {
            Runs.AddOrUpdate(run.Task.Id, 1, (_, n) => n + 1);
            return Task.FromResult<Dictionary<string, JsonElement>?>(null);
        }
    }
}

/// <summary>The claim: the query alone (raw, rolled back) and the dispatcher's whole claim (committed, then undone).</summary>
internal sealed record ClaimMeasurement(int Due, int Claimed, Samples Query, Samples ClaimAsync, Plan Plan)
{
    public bool UsesPartialIndex => Plan.Text.Contains(SchedulerBenchmark.ClaimIndex, StringComparison.Ordinal);
}

/// <summary>The claim query alone, timed in one state of the table.</summary>
internal sealed record ClaimQuerySeries(string Label, Samples Query, Plan Plan)
{
    /// <summary>The plan's access path to the due tasks, in words (EXPLAIN's node names).</summary>
    public string Access => Plan.Text.Contains("Bitmap Heap Scan", StringComparison.Ordinal)
        ? "Bitmap Heap Scan of every due task, then Sort"
        : Plan.Text.Contains("Index Scan using " + SchedulerBenchmark.ClaimIndex, StringComparison.Ordinal)
            ? "Index Scan in next_run_at order, stops at the batch"
            : "other (see the plan)";
}

internal sealed record InstanceShare(string Instance, int Beats, long Claimed, long Recorded);

/// <summary>What two dispatchers did with the due tasks, as the run history and the handler saw it.</summary>
internal sealed record DispatchMeasurement(
    int Due, TimeSpan Elapsed, long Runs, long DistinctTasks, long Succeeded, long StillRunning,
    long HandlerInvocations, long HandlerTasks, int MostRunsOfATask, long LeftDue, IReadOnlyList<InstanceShare> Instances)
{
    public long Duplicates => Runs - DistinctTasks;

    public double RunsPerSecond => Runs / Elapsed.TotalSeconds;

    public bool Exact => Runs == Due && DistinctTasks == Due && Duplicates == 0 && HandlerInvocations == Due && HandlerTasks == Due
                         && MostRunsOfATask == 1 && Succeeded == Due && StillRunning == 0 && LeftDue == 0;
}

internal sealed record DashboardMeasurement(int Rows, int Total, Samples App, Samples Raw, IReadOnlyList<Plan> Plans)
{
    public double AppOverRaw => App.P50 / Raw.P50;
}
