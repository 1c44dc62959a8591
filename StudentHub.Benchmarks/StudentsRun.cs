using System.Globalization;
using System.Text;

namespace StudentHub.Benchmarks;

/// <summary>One run of the <c>students</c> benchmark, and how it reads on the console and in docs/benchmarks.md.</summary>
internal sealed record StudentsRun(
    StudentsBenchmark.Settings Settings,
    DateTimeOffset Started,
    Machine Machine,
    string Origin,
    SeedReport Seed,
    IReadOnlyList<string> Indexes,
    IReadOnlyList<ScenarioResult> Outcomes,
    IReadOnlyList<Target> Targets,
    string LoadBefore,
    string LoadAfter)
{
    private static readonly string[] Columns =
        ["scenario", "runs", "app p50", "app p95", "app max", "raw SQL p50", "raw SQL p95", "app / raw (p50)", "seq scan p50", "seq scan / app (p50)"];

    /// <summary>Results are kept per scale: a run at 10,000 students does not replace the 1,000,000 one.</summary>
    public string SectionKey => $"students-{Settings.Students}";

    private string Title => $"Students: list and name search at {Format.Count(Settings.Students)} students";

    private string SeedLine => Seed.Reused
        ? $"reused: the database already had {Format.Count(Seed.Students)} students ({Format.Count(Seed.Events)} learning events); " +
          $"VACUUM (ANALYZE) students {Seconds(Seed.VacuumAnalyze)} ({Format.Percent(Seed.AllVisible)} of its pages all-visible)"
        : $"seeded {Format.Count(Seed.Students)} students ({Format.Count(Seed.Events)} learning events) through DemoDataSeeder's binary COPY " +
          $"in {Seconds(Seed.Elapsed)}, then VACUUM (ANALYZE) students {Seconds(Seed.VacuumAnalyze)} ({Format.Percent(Seed.AllVisible)} of its pages all-visible)";

    private IEnumerable<string[]> Rows() => Outcomes.Select(o => new[]
    {
        o.Scenario.Title,
        o.App.Count.ToString(CultureInfo.InvariantCulture),
        Format.Ms(o.App.P50),
        Format.Ms(o.App.P95),
        Format.Ms(o.App.Max),
        Format.Ms(o.Raw.P50),
        Format.Ms(o.Raw.P95),
        Format.Ratio(o.AppOverRaw),
        o.SequentialScan is { } s ? $"{Format.Ms(s.P50)} ({s.Count} runs)" : "–",
        Format.Ratio(o.SpeedUpOverSequentialScan),
    });

    private IEnumerable<string> InputLines() => Outcomes.Select(o =>
    {
        var totals = o.Totals.Order().ToList();
        var examples = string.Join(", ", o.Scenario.Inputs.Take(6).Select(Describe));
        var matches = totals.Count == 1
            ? $"total shown {Format.Count(totals[0])}"
            : $"matching students per input min {Format.Count(totals[0])}, median {Format.Count(totals[totals.Count / 2])}, max {Format.Count(totals[^1])}";
        return $"{o.Scenario.Title}: {o.Scenario.Inputs.Count} distinct input(s) ({examples}{(o.Scenario.Inputs.Count > 6 ? ", …" : "")}), " +
               $"{matches}; {string.Join("/", o.Statements.Distinct())} SQL statement(s) per page (rows, then the total)";
    });

    private static string Describe(StudentHub.Web.Students.StudentFilter f) =>
        f.Search is { } s ? s : f.SchoolId is { } school ? $"{school} grade {f.Grade}" : "no filter";

    public string ConsoleReport()
    {
        var text = new StringBuilder();
        text.AppendLine($"== {Title} ({Started:yyyy-MM-dd HH:mm zzz})");
        text.AppendLine($"Machine:  {Machine.Hardware}");
        text.AppendLine($"Server:   {Machine.Server}");
        text.AppendLine($"Database: {Origin}");
        text.AppendLine($"Data:     {SeedLine}");
        text.AppendLine($"Timing:   {Settings.Warmup} warm-up + {Settings.Iterations} timed runs each way, app and raw SQL interleaved; load average {LoadBefore} before, {LoadAfter} after");
        text.AppendLine();

        var table = new List<string[]> { Columns };
        table.AddRange(Rows());
        var widths = Enumerable.Range(0, Columns.Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        foreach (var row in table)
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))));
        text.AppendLine("(milliseconds; app = StudentDirectory.ListAsync through EF Core; raw SQL = the same statements via NpgsqlCommand)");
        text.AppendLine();

        text.AppendLine("Targets:");
        foreach (var target in Targets)
            text.AppendLine($"  {target.Verdict,-8} {target.Description}: {target.Measured}");
        text.AppendLine();
        foreach (var line in InputLines())
            text.AppendLine(line);
        text.AppendLine();
        foreach (var outcome in Outcomes)
        {
            text.AppendLine($"-- {outcome.Scenario.Title}: EXPLAIN (ANALYZE, BUFFERS) of the slowest input ({Describe(outcome.Representative)})");
            foreach (var plan in outcome.Plans)
            {
                text.AppendLine($"   {plan.Label}:");
                text.AppendLine(Indent(plan.Sql, "   | "));
                text.AppendLine(Indent(plan.Text, "     "));
            }
        }
        return text.ToString();
    }

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
        md.AppendLine($"- **Data**: {SeedLine}.");
        md.AppendLine($"- **Timing**: {Settings.Warmup} warm-up runs, then {Settings.Iterations} timed runs of each scenario each way, " +
                      "the app and the raw SQL interleaved (alternating which goes first); every input's pages were read once before timing.");
        md.AppendLine();
        md.AppendLine("| " + string.Join(" | ", Columns) + " |");
        md.AppendLine("|" + string.Concat(Columns.Select((_, c) => c == 0 ? " --- |" : " ---: |")));
        foreach (var row in Rows())
            md.AppendLine("| " + string.Join(" | ", row) + " |");
        md.AppendLine();
        md.AppendLine("Milliseconds, wall clock in the benchmark process. *app* is `StudentDirectory.ListAsync` (EF Core, first page of " +
                      $"{Scenario.PageSize} sorted by name, as an admin), including its total; *raw SQL* is the very statements EF Core sent " +
                      "(captured by a command interceptor), run through plain `NpgsqlCommand`s on the same data source, every value read; " +
                      "*seq scan* is that raw SQL in a session with `enable_indexscan` and `enable_bitmapscan` off.");
        md.AppendLine();
        Target.AppendTable(md, Targets);
        md.AppendLine();
        foreach (var line in InputLines())
            md.AppendLine($"- {line}.");
        md.AppendLine();
        md.AppendLine("Indexes on `students` during the run:");
        md.AppendLine();
        md.AppendLine("```sql");
        foreach (var index in Indexes)
            md.AppendLine(index + ";");
        md.AppendLine("```");
        md.AppendLine();
        foreach (var outcome in Outcomes)
        {
            md.AppendLine($"<details><summary>{outcome.Scenario.Title}: plans of the slowest input ({Describe(outcome.Representative)})</summary>");
            md.AppendLine();
            foreach (var plan in outcome.Plans)
            {
                md.AppendLine($"{char.ToUpperInvariant(plan.Label[0])}{plan.Label[1..]}:");
                md.AppendLine();
                PlanMarkdown.Append(md, plan.Sql, plan.Text);
            }
            md.AppendLine("</details>");
            md.AppendLine();
        }
        return md.ToString().TrimEnd() + "\n";
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds < 60
        ? $"{t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"
        : $"{(int)t.TotalMinutes} min {t.Seconds} s";

    private static string Indent(string text, string prefix) =>
        string.Join('\n', text.Split('\n').Select(line => prefix + line));
}
