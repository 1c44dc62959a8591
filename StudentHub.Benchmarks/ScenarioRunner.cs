using Npgsql;
using StudentHub.Web.Students;

namespace StudentHub.Benchmarks;

/// <summary>One thing a user does on the student list, with the inputs it varies over.</summary>
/// <param name="CompareWithSequentialScan">Also time the same SQL with index and bitmap scans turned off in its session.</param>
internal sealed record Scenario(string Key, string Title, IReadOnlyList<StudentFilter> Inputs, bool CompareWithSequentialScan)
{
    public const int PageSize = 50;

    /// <summary>The list page as the app asks for it: first page, sorted by name (Korean order), ascending.</summary>
    public static Task<StudentListPage> RunAsync(StudentDirectory directory, StudentFilter filter, CancellationToken ct) =>
        directory.ListAsync(filter, StudentSortColumn.Name, descending: false, skip: 0, take: PageSize, ct);
}

internal sealed record Plan(string Label, string Sql, string Text);

internal sealed record ScenarioResult(
    Scenario Scenario,
    Samples App,
    Samples Raw,
    Samples? SequentialScan,
    IReadOnlyList<long> Totals,
    IReadOnlyList<int> Statements,
    StudentFilter Representative,
    IReadOnlyList<Plan> Plans)
{
    /// <summary>How much EF Core and the app's code add to the same SQL: app p50 over raw p50.</summary>
    public double AppOverRaw => App.P50 / Raw.P50;

    /// <summary>How much faster the app's query is than the same SQL forced to a sequential scan: seq-scan p50 over app p50.</summary>
    public double SpeedUpOverSequentialScan => SequentialScan is null ? double.NaN : SequentialScan.P50 / App.P50;
}

/// <summary>
/// Times a scenario three ways, interleaved so that drift and a busy neighbour hit them alike: through the app
/// (<see cref="StudentDirectory.ListAsync"/>, EF Core), as the very SQL EF sent run through plain
/// <see cref="NpgsqlCommand"/>s on the same data source, and (for search) that SQL forced to a sequential scan.
/// </summary>
internal sealed class ScenarioRunner(
    StudentDirectory directory, CommandCapture capture, NpgsqlDataSource dataSource, string connectionString, ILogger logger)
{
    public async Task<ScenarioResult> RunAsync(Scenario scenario, int iterations, int warmup, int sequentialScanIterations, CancellationToken ct)
    {
        var inputs = scenario.Inputs;

        // The SQL of each input, exactly as EF sends it; this pass also warms the caches for every input.
        var sql = new List<IReadOnlyList<CapturedCommand>>(inputs.Count);
        var totals = new List<long>(inputs.Count);
        foreach (var input in inputs)
        {
            var commands = new List<CapturedCommand>();
            StudentListPage page;
            using (capture.Begin(commands))
                page = await Scenario.RunAsync(directory, input, ct);
            sql.Add(commands);
            totals.Add(page.Total);
        }
        logger.LogInformation(
            "{Scenario}: {Inputs} inputs, {Statements} SQL statements each; warming up ({Warmup} runs each way)",
            scenario.Title, inputs.Count, string.Join("/", sql.Select(s => s.Count).Distinct()), warmup);

        for (var i = 0; i < warmup; i++)
        {
            await Scenario.RunAsync(directory, inputs[i % inputs.Count], ct);
            await RawSql.RunAsync(dataSource, sql[i % inputs.Count], ct);
        }

        var perInput = new double[inputs.Count];
        var (app, raw) = await Samples.InterleavedAsync(iterations,
            async i =>
            {
                var k = i % inputs.Count;
                var appTime = await Samples.TimeAsync(() => Scenario.RunAsync(directory, inputs[k], ct));
                perInput[k] += appTime.TotalMilliseconds;
                return appTime;
            },
            i => Samples.TimeAsync(() => RawSql.RunAsync(dataSource, sql[i % inputs.Count], ct)));
        logger.LogInformation("{Scenario}: app p50 {P50} ms, p95 {P95} ms; raw SQL p50 {RawP50} ms",
            scenario.Title, Format.Ms(app.P50), Format.Ms(app.P95), Format.Ms(raw.P50));

        Samples? sequential = null;
        if (scenario.CompareWithSequentialScan)
        {
            sequential = new Samples();
            await using var connection = await OpenSequentialScanSessionAsync(ct);
            logger.LogInformation("{Scenario}: the same SQL forced to a sequential scan ({Runs} runs after one warm-up)",
                scenario.Title, sequentialScanIterations);
            await RawSql.RunOnAsync(connection, sql[0], ct);
            for (var i = 0; i < sequentialScanIterations; i++)
                sequential.Add(await Samples.TimeAsync(() => RawSql.RunOnAsync(connection, sql[i % inputs.Count], ct)));
            logger.LogInformation("{Scenario}: sequential scan p50 {P50} ms", scenario.Title, Format.Ms(sequential.P50));
        }

        // The plan of the input that was slowest on average: the one worth explaining.
        var slowest = Enumerable.Range(0, inputs.Count)
            .MaxBy(k => perInput[k] / Math.Max(1, (iterations + inputs.Count - 1 - k) / inputs.Count));
        var plans = new List<Plan>();
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            for (var s = 0; s < sql[slowest].Count; s++)
                plans.Add(new Plan($"statement {s + 1} of {sql[slowest].Count}", sql[slowest][s].Display(), await RawSql.ExplainAsync(connection, sql[slowest][s], ct)));
        }
        if (scenario.CompareWithSequentialScan)
        {
            await using var connection = await OpenSequentialScanSessionAsync(ct);
            plans.Add(new Plan("statement 1, forced to a sequential scan", sql[slowest][0].Display(), await RawSql.ExplainAsync(connection, sql[slowest][0], ct)));
        }

        return new ScenarioResult(scenario, app, raw, sequential, totals, sql.Select(s => s.Count).ToList(), inputs[slowest], plans);
    }

    /// <summary>
    /// A session of its own (not pooled, so the settings cannot leak into the app's connections) where the planner
    /// may not use an index: <c>enable_indexscan</c> and <c>enable_bitmapscan</c> off.
    /// </summary>
    private async Task<NpgsqlConnection> OpenSequentialScanSessionAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SET enable_indexscan = off; SET enable_bitmapscan = off;", connection);
        await command.ExecuteNonQueryAsync(ct);
        return connection;
    }
}
