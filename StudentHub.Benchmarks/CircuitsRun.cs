using System.Text;

namespace StudentHub.Benchmarks;

/// <summary>
/// The app's memory before the circuits opened and with them open and idle: its resident set, and its managed heap
/// right after a full collection (<see cref="HeapAfterCollection"/>).
/// </summary>
internal sealed record CircuitMemory(long BaselineBytes, long IdleBytes, long BaselineHeapBytes, long IdleHeapBytes, int Circuits)
{
    public double KilobytesPerCircuit => (IdleBytes - BaselineBytes) / 1024.0 / Circuits;

    public double HeapKilobytesPerCircuit => (IdleHeapBytes - BaselineHeapBytes) / 1024.0 / Circuits;
}

/// <summary>Every circuit's interactions: the timings by kind and together, the failures, and the rate the load reached.</summary>
internal sealed record InteractionMeasurement(
    IReadOnlyList<(string Kind, Samples Samples)> ByKind, Samples All, IReadOnlyList<string> Failures, TimeSpan Elapsed, long ResidentBytesAfter)
{
    public double PerSecond => All.Count / Elapsed.TotalSeconds;

    public static InteractionMeasurement Of(IReadOnlyList<TabUser> users, TimeSpan elapsed, long residentBytesAfter)
    {
        var all = new Samples();
        var byKind = TabUser.Kinds.Select(kind => (kind, new Samples())).ToList();
        foreach (var (kind, milliseconds) in users.SelectMany(u => u.Timings))
        {
            all.Add(TimeSpan.FromMilliseconds(milliseconds));
            byKind.Single(k => k.kind == kind).Item2.Add(TimeSpan.FromMilliseconds(milliseconds));
        }
        return new InteractionMeasurement(byKind, all, users.SelectMany(u => u.Failures).ToList(), elapsed, residentBytesAfter);
    }
}

/// <summary>One run of the <c>circuits</c> benchmark, and how it reads in docs/benchmarks.md (and on the console, the same text).</summary>
internal sealed record CircuitsRun(
    CircuitsBenchmark.Settings Settings,
    DateTimeOffset Started,
    Machine Machine,
    string Origin,
    Samples Opening,
    CircuitMemory Memory,
    InteractionMeasurement Interactions,
    IReadOnlyList<KeyValuePair<string, int>> JSCalls,
    IReadOnlyList<string> AppErrors,
    string LoadBefore,
    string LoadAfter)
{
    public string SectionKey => $"circuits-{Settings.Circuits}";

    public IReadOnlyList<Target> Targets() =>
    [
        new($"Interaction on the timeline page, {Format.Count(Settings.Circuits)} circuits: p95 ≤ {CircuitsBenchmark.TargetInteractionP95:0} ms",
            $"{Format.Ms(Interactions.All.P95)} ms", Interactions.All.P95 <= CircuitsBenchmark.TargetInteractionP95),
        new("Every interaction completed", $"{Format.Count(Interactions.All.Count)} of {Format.Count(Interactions.All.Count + Interactions.Failures.Count)}",
            Interactions.Failures.Count == 0),
        new($"App memory per idle circuit < {CircuitsBenchmark.TargetKilobytesPerCircuit:0} KB", $"{Memory.KilobytesPerCircuit:0} KB",
            Memory.KilobytesPerCircuit < CircuitsBenchmark.TargetKilobytesPerCircuit),
        new($"App managed heap per idle circuit < {CircuitsBenchmark.TargetKilobytesPerCircuit:0} KB, after a full collection", $"{Memory.HeapKilobytesPerCircuit:0} KB",
            Memory.HeapKilobytesPerCircuit < CircuitsBenchmark.TargetKilobytesPerCircuit),
        new("No error in the app's log", AppErrors.Count == 0 ? "none" : $"{AppErrors.Count} line(s)", AppErrors.Count == 0),
    ];

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"## {Format.Count(Settings.Circuits)} concurrent circuits on the timeline page");
        md.AppendLine();
        md.AppendLine($"Run on {Started:yyyy-MM-dd HH:mm zzz} with `{Settings.CommandLine}`.");
        md.AppendLine();
        md.AppendLine($"- **Machine**: {Machine.Hardware}; load average {LoadBefore} before, {LoadAfter} after. The app, PostgreSQL and the clients share it.");
        md.AppendLine($"- **PostgreSQL**: {Machine.Server}.");
        md.AppendLine($"- **Database**: {Origin}; the app's demo data ({Format.Count(Settings.Students)} students × {Format.Count(Settings.EventsPerStudent)} events) and accounts.");
        md.AppendLine("- **App**: `StudentHub.Web` from the Release build in its own process, `Production` environment, scheduler off; signed in once as the demo teacher (school SCH001), whose cookie every tab shares.");
        md.AppendLine("- **Clients**: each circuit is a headless client that speaks to `/_blazor` as blazor.web.js does (the prerendered page's markers and state, " +
                      "every render batch acknowledged, the app's JS interop calls answered), one student's timeline per tab. " +
                      $"Circuits opened {CircuitsBenchmark.OpenInParallel} at a time: p50 {Format.Ms(Opening.P50)} ms, p95 {Format.Ms(Opening.P95)} ms from the page request to cards and a clickable \"load more\".");
        md.AppendLine($"- **Memory**: the app's resident set (the lowest of five readings a second apart) {Mib(Memory.BaselineBytes)} after a warm-up of 10 circuits, " +
                      $"{Mib(Memory.IdleBytes)} with the {Format.Count(Settings.Circuits)} circuits open and idle for {Settings.IdleSeconds} s, {Mib(Interactions.ResidentBytesAfter)} after the interactions. " +
                      "The resident set includes what the garbage collector has not yet returned: an upper bound on what the circuits hold. " +
                      $"The managed heap right after a full collection the app was asked for (as dotnet-gcdump asks): {Mib(Memory.BaselineHeapBytes)} after the warm-up, " +
                      $"{Mib(Memory.IdleHeapBytes)} with the circuits idle.");
        md.AppendLine($"- **Load**: every circuit at once, {Settings.Interactions} interactions each, {Settings.ThinkSeconds:0.#} s apart on average (uniform ±50%): " +
                      $"{Format.Count(Interactions.All.Count)} in {Interactions.Elapsed.TotalSeconds:0} s, {Interactions.PerSecond:0.0} a second. " +
                      "Each is timed from the click (or the URL change) to the render batch that brings its new cards.");
        md.AppendLine();
        Target.AppendTable(md, Targets());
        md.AppendLine();
        md.AppendLine("| interaction | count | p50 ms | p95 ms | max ms |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (kind, samples) in Interactions.ByKind.Append(("all", Interactions.All)))
            md.AppendLine($"| {kind} | {Format.Count(samples.Count)} | {Format.Ms(samples.P50)} | {Format.Ms(samples.P95)} | {Format.Ms(samples.Max)} |");
        md.AppendLine();
        md.AppendLine("The app's JS interop calls to the clients, all circuits: " +
                      string.Join(", ", JSCalls.Select(c => $"`{c.Key}` {Format.Count(c.Value)}")) + ".");
        if (Interactions.Failures.Count > 0 || AppErrors.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Failures and errors (first five of each):");
            md.AppendLine();
            foreach (var line in Interactions.Failures.Take(5).Concat(AppErrors.Take(5)))
                md.AppendLine($"- `{line}`");
        }
        return md.ToString();
    }

    private static string Mib(long bytes) => $"{bytes / 1024.0 / 1024.0:0} MiB";
}
