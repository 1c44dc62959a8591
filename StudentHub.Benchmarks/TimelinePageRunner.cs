using Npgsql;
using StudentHub.Web.Timeline;

namespace StudentHub.Benchmarks;

/// <summary>Page 1 or page 100 of a timeline, timed through the app and as its SQL run raw, with the plan of one.</summary>
internal sealed record PageResult(string Title, Samples App, Samples Raw, Plan Plan, PlanCheck Check)
{
    public double AppOverRaw => App.P50 / Raw.P50;
}

/// <summary>What the plan must show: partitions appended in order through the timeline index, and no Sort anywhere.</summary>
internal sealed record PlanCheck(bool OrderedAppend, bool TimelineIndex, bool NoSort, int PartitionsScanned)
{
    public bool Met => OrderedAppend && TimelineIndex && NoSort;

    public static PlanCheck Of(string plan) => new(
        plan.Contains("Append", StringComparison.Ordinal),
        // Each partition's copy of idx_lh_student_timeline is named after its columns.
        plan.Contains("student_id_occurred_at_id_idx", StringComparison.Ordinal),
        !plan.Contains("Sort", StringComparison.Ordinal),
        plan.Split('\n').Count(l => l.Contains("Index Scan", StringComparison.Ordinal) && !l.Contains("never executed", StringComparison.Ordinal)));
}

internal sealed record TimelinePages(PageResult First, PageResult Deep, int Students)
{
    public double DeepOverFirst => Deep.App.P50 / First.App.P50;
}

/// <summary>
/// Times <see cref="TimelineQuery.PageAsync"/> (EF Core) against the very SQL it sent, run through plain Npgsql
/// on the same data source; interleaved and alternating, so that drift and a busy neighbour hit both alike.
/// </summary>
internal sealed class TimelinePageRunner(TimelineQuery timeline, CommandCapture capture, NpgsqlDataSource dataSource, ILogger logger)
{
    public async Task<TimelinePages> RunAsync(IReadOnlyList<TimelineInput> inputs, int iterations, int warmup, CancellationToken ct)
    {
        var first = await RunPageAsync("Timeline page 1", inputs.Select(i => (i.Student, (TimelineCursor?)null)).ToList(), iterations, warmup, ct);
        var deep = await RunPageAsync($"Timeline page {TimelineBenchmark.DeepPage}", inputs.Select(i => (i.Student, (TimelineCursor?)i.DeepCursor)).ToList(), iterations, warmup, ct);
        return new TimelinePages(first, deep, inputs.Count);
    }

    private async Task<PageResult> RunPageAsync(string title, IReadOnlyList<(Guid Student, TimelineCursor? Before)> inputs, int iterations, int warmup, CancellationToken ct)
    {
        var sql = new List<IReadOnlyList<CapturedCommand>>(inputs.Count);
        foreach (var (student, before) in inputs)
        {
            var commands = new List<CapturedCommand>();
            TimelinePage page;
            using (capture.Begin(commands))
                page = await timeline.PageAsync(student, TimelineFilter.None, before, TimelineQuery.PageSize, ct);
            if (page.Events.Count != TimelineQuery.PageSize)
                throw new InvalidOperationException($"{title} of student {student} has {page.Events.Count} events, not {TimelineQuery.PageSize}.");
            sql.Add(commands);
        }
        logger.LogInformation("{Title}: {Inputs} students; warming up ({Warmup} runs each way)", title, inputs.Count, warmup);

        for (var i = 0; i < warmup; i++)
        {
            var (student, before) = inputs[i % inputs.Count];
            await timeline.PageAsync(student, TimelineFilter.None, before, TimelineQuery.PageSize, ct);
            await RawSql.RunAsync(dataSource, sql[i % inputs.Count], ct);
        }

        var (app, raw) = await Samples.InterleavedAsync(iterations,
            i =>
            {
                var (student, before) = inputs[i % inputs.Count];
                return Samples.TimeAsync(() => timeline.PageAsync(student, TimelineFilter.None, before, TimelineQuery.PageSize, ct));
            },
            i => Samples.TimeAsync(() => RawSql.RunAsync(dataSource, sql[i % inputs.Count], ct)));
        logger.LogInformation("{Title}: app p50 {P50} ms, p95 {P95} ms; raw SQL p50 {RawP50} ms, p95 {RawP95} ms",
            title, Format.Ms(app.P50), Format.Ms(app.P95), Format.Ms(raw.P50), Format.Ms(raw.P95));

        string text;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
            text = await RawSql.ExplainAsync(connection, sql[0][0], ct);
        return new PageResult(title, app, raw, new Plan($"{title}, first sampled student", sql[0][0].Display(), text), PlanCheck.Of(text));
    }
}
