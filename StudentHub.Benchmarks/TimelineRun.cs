using System.Globalization;
using System.Text;

namespace StudentHub.Benchmarks;

/// <summary>One run of the <c>timeline</c> benchmark, and how it reads in docs/benchmarks.md (and on the console, the same text).</summary>
internal sealed record TimelineRun(
    TimelineBenchmark.Settings Settings,
    DateTimeOffset Started,
    Machine Machine,
    string Origin,
    SeedReport Seed,
    HistoryShape Shape,
    TimelinePages Pages,
    IngestMeasurement Ingest,
    string LoadBefore,
    string LoadAfter)
{
    public string SectionKey => $"timeline-{Settings.Events}";

    private string Title => $"Timeline and ingest at {Format.Count(Settings.Events)} events";

    public IReadOnlyList<Target> Targets()
    {
        var first = Pages.First;
        var deep = Pages.Deep;
        return
        [
            new($"{first.Title}: p95 ≤ {TimelineBenchmark.TargetFirstPageP95:0} ms", $"{Format.Ms(first.App.P95)} ms", first.App.P95 <= TimelineBenchmark.TargetFirstPageP95),
            new($"{deep.Title} within {TimelineBenchmark.TargetDeepOverFirst:0.0}× of page 1 (p50)", Format.Ratio(Pages.DeepOverFirst), Pages.DeepOverFirst <= TimelineBenchmark.TargetDeepOverFirst),
            new($"{first.Title} within {TimelineBenchmark.TargetAppOverRaw:0.0}× of its SQL run raw (p50)", Format.Ratio(first.AppOverRaw), first.AppOverRaw <= TimelineBenchmark.TargetAppOverRaw),
            new($"{deep.Title} within {TimelineBenchmark.TargetAppOverRaw:0.0}× of its SQL run raw (p50)", Format.Ratio(deep.AppOverRaw), deep.AppOverRaw <= TimelineBenchmark.TargetAppOverRaw),
            new($"{first.Title}: EXPLAIN shows an ordered Append over the timeline index, no Sort", Describe(first.Check), first.Check.Met),
            new($"{deep.Title}: EXPLAIN shows an ordered Append over the timeline index, no Sort", Describe(deep.Check), deep.Check.Met),
            new($"Ingest through HTTP, batches of 1,000: ≥ {Format.Count((long)TimelineBenchmark.TargetIngestEventsPerSecond)} events/s",
                $"{Format.Count((long)Ingest.HttpEventsPerSecond)} events/s", Ingest.HttpEventsPerSecond >= TimelineBenchmark.TargetIngestEventsPerSecond),
            new($"Ingest through HTTP ≥ {TimelineBenchmark.TargetIngestShareOfCopy:0.0}× raw binary COPY", Format.Ratio(Ingest.HttpShareOfCopy),
                Ingest.HttpShareOfCopy >= TimelineBenchmark.TargetIngestShareOfCopy),
        ];
    }

    private static string Describe(PlanCheck check) =>
        check.Met
            ? $"yes ({check.PartitionsScanned} partition(s) scanned)"
            : $"Append {(check.OrderedAppend ? "yes" : "no")}, timeline index {(check.TimelineIndex ? "yes" : "no")}, Sort {(check.NoSort ? "none" : "present")}";

    public string ConsoleReport() => Markdown();

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
        md.AppendLine($"- **Data**: {SeedLine}; `learning_history` has {Shape.Partitions} partitions ({Shape.First} … {Shape.Last}), " +
                      $"about {Format.Count(Shape.EstimatedRows)} rows, {Shape.Bytes / 1024.0 / 1024 / 1024:0.0} GiB with its indexes.");
        md.AppendLine($"- **Timeline timing**: {Pages.Students} students' timelines in turn, {Settings.Warmup} warm-up runs, then {Settings.Iterations} " +
                      "timed runs of each page each way, the app and the raw SQL interleaved (alternating which goes first). Page " +
                      $"{TimelineBenchmark.DeepPage} starts at the cursor that ends page {TimelineBenchmark.DeepPage - 1} (found once, untimed).");
        md.AppendLine($"- **Ingest timing**: {Ingest.Rounds} round(s) of {Ingest.Batches} batches of 1,000 events on {Ingest.Clients} concurrent clients " +
                      "(one key, so one node, each): raw binary COPY straight into `learning_history` first, then `POST /api/v1/events` to the app " +
                      "run as its own process from the build output (Production settings, the default per-key rate limit). Every post was " +
                      $"answered 200 with all 1,000 accepted, and {Format.Count(Ingest.StoredAfterHttp)} events from them (with the " +
                      $"{IngestRunner.WarmupBatches} untimed warm-up batches) were found stored afterwards.");
        md.AppendLine();
        md.AppendLine("| timeline | runs | app p50 | app p95 | app max | raw SQL p50 | raw SQL p95 | app / raw (p50) |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var page in new[] { Pages.First, Pages.Deep })
            md.AppendLine($"| {page.Title} | {page.App.Count} | {Format.Ms(page.App.P50)} | {Format.Ms(page.App.P95)} | {Format.Ms(page.App.Max)} | " +
                          $"{Format.Ms(page.Raw.P50)} | {Format.Ms(page.Raw.P95)} | {Format.Ratio(page.AppOverRaw)} |");
        md.AppendLine();
        md.AppendLine("Milliseconds. *app* is `TimelineQuery.PageAsync` (EF Core: 51 rows asked, 50 shown, the 51st says whether there is " +
                      "more); *raw SQL* is the statement EF Core sent, captured by a command interceptor and run through plain `NpgsqlCommand` " +
                      "on the same data source, every value read.");
        md.AppendLine();
        md.AppendLine("| ingest | events | events/s | batch p50 | batch p95 |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        md.AppendLine($"| raw binary COPY | {Format.Count(Ingest.Events)} | {Format.Count((long)Ingest.CopyEventsPerSecond)} | {Format.Ms(Ingest.CopyBatch.P50)} ms | {Format.Ms(Ingest.CopyBatch.P95)} ms |");
        md.AppendLine($"| POST /api/v1/events | {Format.Count(Ingest.Events)} | {Format.Count((long)Ingest.HttpEventsPerSecond)} | {Format.Ms(Ingest.HttpBatch.P50)} ms | {Format.Ms(Ingest.HttpBatch.P95)} ms |");
        md.AppendLine();
        Target.AppendTable(md, Targets());
        md.AppendLine();
        foreach (var page in new[] { Pages.First, Pages.Deep })
        {
            md.AppendLine($"<details><summary>{page.Plan.Label}: EXPLAIN (ANALYZE, BUFFERS)</summary>");
            md.AppendLine();
            PlanMarkdown.Append(md, page.Plan.Sql, page.Plan.Text);
            md.AppendLine("</details>");
            md.AppendLine();
        }
        return md.ToString().TrimEnd() + "\n";
    }

    private string SeedLine => Seed.Reused
        ? $"reused: {Format.Count(Seed.Students)} students with {Format.Count(Seed.Events)} seeded events; VACUUM (ANALYZE) {Seconds(Seed.VacuumAnalyze)}"
        : $"seeded {Format.Count(Seed.Students)} students (DemoDataSeeder) and {Format.Count(Seed.Events)} events over {Settings.Months} months " +
          $"(binary COPY on two connections) in {Seconds(Seed.Elapsed)}, then VACUUM (ANALYZE) {Seconds(Seed.VacuumAnalyze)}";

    private static string Seconds(TimeSpan t) => t.TotalSeconds < 60
        ? $"{t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"
        : $"{(int)t.TotalMinutes} min {t.Seconds} s";
}
