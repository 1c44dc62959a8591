using System.Globalization;
using System.Text;

namespace StudentHub.Benchmarks;

/// <summary>One run of the <c>scheduler</c> benchmark, and how it reads in docs/benchmarks.md (and on the console, the same text).</summary>
internal sealed record SchedulerRun(
    SchedulerBenchmark.Settings Settings,
    DateTimeOffset Started,
    Machine Machine,
    string Origin,
    SeedReport Seed,
    TaskShape Shape,
    ClaimMeasurement Claim,
    IReadOnlyList<ClaimQuerySeries> Burst,
    DispatchMeasurement Dispatch,
    DashboardMeasurement Dashboard,
    string LoadBefore,
    string LoadAfter)
{
    public string SectionKey => $"scheduler-{Settings.Tasks}";

    private string Title => $"Scheduler: claim, dispatch and dashboard at {Format.Count(Settings.Tasks)} tasks";

    public IReadOnlyList<Target> Targets() =>
    [
        new($"Claim query, {Format.Count(Claim.Due)} due: p95 ≤ {SchedulerBenchmark.TargetClaimP95:0} ms", $"{Format.Ms(Claim.Query.P95)} ms", Claim.Query.P95 <= SchedulerBenchmark.TargetClaimP95),
        new($"Claim query: EXPLAIN shows {SchedulerBenchmark.ClaimIndex}", Claim.UsesPartialIndex ? "yes" : "no", Claim.UsesPartialIndex),
        .. Burst.Select(b => new Target(
            $"Claim query, {b.Label}: p95 ≤ {SchedulerBenchmark.TargetClaimP95:0} ms", $"{Format.Ms(b.Query.P95)} ms", b.Query.P95 <= SchedulerBenchmark.TargetClaimP95)),
        new($"{Format.Count(Dispatch.Due)} due tasks, two instances: each run exactly once",
            $"{Format.Count(Dispatch.Runs)} runs of {Format.Count(Dispatch.DistinctTasks)} tasks, {Format.Count(Dispatch.Duplicates)} duplicates",
            Dispatch.Exact),
    ];

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"## {Title}");
        md.AppendLine();
        md.AppendLine($"Run on {Started:yyyy-MM-dd HH:mm zzz} with `{Settings.CommandLine}`.");
        md.AppendLine();
        md.AppendLine($"- **Machine**: {Machine.Hardware}; load average {LoadBefore} before the timings, {LoadAfter} after.");
        md.AppendLine($"- **PostgreSQL**: {Machine.Server}.");
        md.AppendLine($"- **Database**: {Origin}.");
        md.AppendLine($"- **Data**: {SeedLine}; then {Format.Count(Shape.Total)} scheduled tasks made by one `INSERT … SELECT FROM generate_series` " +
                      $"in {Seconds(Shape.Inserted)} and `VACUUM (ANALYZE)` in {Seconds(Shape.Analyzed)}: {Format.Count(Shape.Active)} active " +
                      $"(daily and weekly cron reports in Asia/Seoul, hourly to daily intervals; next runs spread over the coming four weeks), " +
                      $"{Format.Count(Shape.Paused)} paused (next run kept, some with a resume time), {Format.Count(Shape.Completed)} completed " +
                      $"one-time tasks (no next run); {Format.Count(Shape.PerStudent)} belong to a student" +
                      (Shape.SetAside > 0 ? $"; the database's {Shape.SetAside} other active tasks (the demo seeder's) were paused" : "") +
                      ". `scheduled_tasks` is " +
                      $"{Shape.Bytes / 1024.0 / 1024:0.0} MiB with its indexes.");
        md.AppendLine($"- **Timing**: {Settings.Warmup} warm-up runs, then {Settings.Iterations} timed runs of the claim and of the dashboard page, " +
                      "each way, interleaved (alternating which goes first).");
        md.AppendLine();

        md.AppendLine($"### Claim ({Claim.Claimed} tasks claimed a beat, `Scheduler:BatchSize`)");
        md.AppendLine();
        md.AppendLine("| claim | runs | p50 | p95 | p99 | max |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        md.AppendLine(Row($"Claim query, {Format.Count(Claim.Due)} due (`SELECT … FOR UPDATE SKIP LOCKED`, raw, rolled back)", Claim.Query));
        md.AppendLine(Row($"`TaskDispatcher.ClaimAsync`, {Format.Count(Claim.Due)} due (query + runs inserted + tasks marked + commit)", Claim.ClaimAsync));
        foreach (var burst in Burst)
            md.AppendLine(Row($"Claim query, {burst.Label}: {burst.Access}", burst.Query));
        md.AppendLine();
        md.AppendLine("Milliseconds. The claim query is the statement `TaskDispatcher.ClaimAsync` sent (captured by a command interceptor, " +
                      "with its parameters), run through a plain `NpgsqlCommand` in a transaction then rolled back, so that every run finds " +
                      "the same tasks due. `ClaimAsync` is the dispatcher's whole claim, committed; its runs are deleted and its tasks freed, " +
                      "untimed, before the next. The last rows are the claim query right after " +
                      $"{Format.Count(Settings.DispatchDue)} tasks fell due at once (those the dispatch below runs): first with the statistics " +
                      "of the table from before (an `ANALYZE` just before they fell due, as autovacuum would leave them: by default it " +
                      "analyzes a table again only once 10% of its rows and 50 more have changed), then after an `ANALYZE`.");
        md.AppendLine();

        md.AppendLine($"### Dispatch ({Format.Count(Dispatch.Due)} tasks due, two `TaskDispatcher`s)");
        md.AppendLine();
        md.AppendLine("Two instances, each with its own services, connection pool and `Scheduler:Instance`, beat back to back (no " +
                      $"{new StudentHub.Web.Scheduler.SchedulerOptions().BeatSeconds} s wait) side by side, each beat the real `BeatAsync` " +
                      "(lease reclaim, due resumes, claim, a no-op handler per task, outcome and next run recorded), until neither finds a task due.");
        md.AppendLine();
        md.AppendLine("| instance | beats | tasks claimed | runs recorded | share |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var share in Dispatch.Instances)
            md.AppendLine($"| {share.Instance} | {Format.Count(share.Beats)} | {Format.Count(share.Claimed)} | {Format.Count(share.Recorded)} | " +
                          $"{Format.Percent(Dispatch.Runs == 0 ? 0 : (double)share.Recorded / Dispatch.Runs)} |");
        md.AppendLine();
        md.AppendLine("| measure | value |");
        md.AppendLine("| --- | ---: |");
        md.AppendLine($"| runs recorded in `task_runs` | {Format.Count(Dispatch.Runs)} |");
        md.AppendLine($"| distinct tasks run | {Format.Count(Dispatch.DistinctTasks)} |");
        md.AppendLine($"| duplicates (runs − distinct tasks) | {Format.Count(Dispatch.Duplicates)} |");
        md.AppendLine($"| handler invocations (tasks) | {Format.Count(Dispatch.HandlerInvocations)} ({Format.Count(Dispatch.HandlerTasks)}) |");
        md.AppendLine($"| most runs of one task | {Dispatch.MostRunsOfATask} |");
        md.AppendLine($"| runs succeeded, lease released | {Format.Count(Dispatch.Succeeded)} |");
        md.AppendLine($"| runs still running / tasks left due | {Format.Count(Dispatch.StillRunning)} / {Format.Count(Dispatch.LeftDue)} |");
        md.AppendLine($"| wall time | {Seconds(Dispatch.Elapsed)} |");
        md.AppendLine($"| throughput | {Format.Count((long)Dispatch.RunsPerSecond)} runs/s |");
        md.AppendLine();

        md.AppendLine($"### Dashboard first page (default sort: next run, {Dashboard.Rows} of {Format.Count(Dashboard.Total)} tasks)");
        md.AppendLine();
        md.AppendLine("| dashboard | runs | app p50 | app p95 | app max | raw SQL p50 | raw SQL p95 | app / raw (p50) |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        md.AppendLine($"| First page, no filter | {Dashboard.App.Count} | {Format.Ms(Dashboard.App.P50)} | {Format.Ms(Dashboard.App.P95)} | " +
                      $"{Format.Ms(Dashboard.App.Max)} | {Format.Ms(Dashboard.Raw.P50)} | {Format.Ms(Dashboard.Raw.P95)} | {Format.Ratio(Dashboard.AppOverRaw)} |");
        md.AppendLine();
        md.AppendLine("Milliseconds. *app* is `ScheduledTaskDirectory.ListAsync` (EF Core: the page's rows with each one's last outcome, then " +
                      "the total), as the dashboard opens; *raw SQL* is the statements EF Core sent, run through plain `NpgsqlCommand`s. " +
                      "The issue sets no target for it.");
        md.AppendLine();

        Target.AppendTable(md, Targets());
        md.AppendLine();

        var plans = new[] { Claim.Plan }.Concat(Burst.Select(b => b.Plan)).Select(p => (p.Label, Plan: p))
            .Concat(Dashboard.Plans.Select(p => ($"Dashboard first page, {p.Label}", p)));
        foreach (var (label, plan) in plans)
        {
            md.AppendLine($"<details><summary>{label}: EXPLAIN (ANALYZE, BUFFERS)</summary>");
            md.AppendLine();
            PlanMarkdown.Append(md, plan.Sql, plan.Text);
            md.AppendLine("</details>");
            md.AppendLine();
        }
        return md.ToString().TrimEnd() + "\n";
    }

    private static string Row(string label, Samples samples) =>
        $"| {label} | {samples.Count} | {Format.Ms(samples.P50)} | {Format.Ms(samples.P95)} | {Format.Ms(samples.Percentile(99))} | {Format.Ms(samples.Max)} |";

    private string SeedLine => Seed.Reused
        ? $"reused: {Format.Count(Seed.Students)} students already seeded; VACUUM (ANALYZE) students {Seconds(Seed.VacuumAnalyze)}"
        : $"seeded {Format.Count(Seed.Students)} students through DemoDataSeeder's binary COPY in {Seconds(Seed.Elapsed)}, " +
          $"then VACUUM (ANALYZE) students {Seconds(Seed.VacuumAnalyze)}";

    private static string Seconds(TimeSpan t) => t.TotalSeconds < 60
        ? $"{t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"
        : $"{(int)t.TotalMinutes} min {t.Seconds} s";
}
