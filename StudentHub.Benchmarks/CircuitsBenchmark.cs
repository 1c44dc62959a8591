using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Npgsql;
using StudentHub.Web.Timeline;

namespace StudentHub.Benchmarks;

/// <summary>
/// <c>circuits</c>: issue 8's load target. The real app in its own process, on demo data; a teacher's 300 tabs on
/// the timeline page, each a live Blazor Server circuit (<see cref="BlazorCircuit"/>). Measures the app's memory per
/// idle circuit (target under 500 KB: its resident set, and its managed heap after a full collection), then every
/// circuit interacts at once, with think time between clicks: load more, narrow to a concept, clear it (target p95
/// ≤ 250 ms from the click to the page's update).
/// </summary>
internal static partial class CircuitsBenchmark
{
    public const double TargetInteractionP95 = 250;
    public const double TargetKilobytesPerCircuit = 500;

    private const string School = "SCH001";
    private const string TeacherEmail = "teacher@studenthub.local";
    private const string TeacherPassword = "demo-teacher-2026";
    private const string Card = "event-card";
    private const string LoadMore = "load-more";
    private const int WarmupCircuits = 10;
    public const int OpenInParallel = 8;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static Command Command()
    {
        var circuits = new Option<int>("--circuits") { Description = "Concurrent circuits (tabs on the timeline page).", DefaultValueFactory = _ => 300 };
        var interactions = new Option<int>("--interactions") { Description = "Interactions per circuit, in turn: load more, a concept, clear it.", DefaultValueFactory = _ => 12 };
        var think = new Option<double>("--think-seconds") { Description = "Mean pause between one circuit's interactions (uniform, ±50%).", DefaultValueFactory = _ => 5 };
        var idle = new Option<int>("--idle-seconds") { Description = "Seconds the open circuits sit idle before the app's memory is read.", DefaultValueFactory = _ => 20 };
        var students = new Option<int>("--students") { Description = "Demo students the app seeds into an empty database.", DefaultValueFactory = _ => 1_000 };
        var events = new Option<int>("--events-per-student") { Description = "Demo events per student.", DefaultValueFactory = _ => 200 };

        var command = new Command("circuits", "Concurrent Blazor circuits on the timeline page: memory per idle circuit, and interaction latency under load.")
        {
            circuits, interactions, think, idle, students, events,
        };
        var common = new CommonOptions();
        common.SetAction(command,
            parse => new Settings(
                parse.GetValue(circuits), parse.GetValue(interactions), parse.GetValue(think), parse.GetValue(idle),
                parse.GetValue(students), parse.GetValue(events),
                common.Connection(parse), common.ClusterDirectory(parse), common.ServerSettings(parse),
                common.ResultsPath(parse)),
            settings => settings switch
            {
                { Circuits: < 1 } or { Interactions: < 1 } => "--circuits and --interactions must be at least 1.",
                { ThinkSeconds: < 0 } or { IdleSeconds: < 0 } => "--think-seconds and --idle-seconds cannot be negative.",
                { Students: < 1 } => "--students must be at least 1.",
                { EventsPerStudent: < 2 * TimelineQuery.PageSize + 1 } => $"--events-per-student must be above {2 * TimelineQuery.PageSize}, for two pages and more.",
                _ => null,
            },
            RunAsync);
        return command;
    }

    internal sealed record Settings(
        int Circuits, int Interactions, double ThinkSeconds, int IdleSeconds, int Students, int EventsPerStudent,
        string? Connection, string? ClusterDirectory, IReadOnlyList<string> ServerSettings, string? ResultsPath)
    {
        public string CommandLine =>
            $"dotnet run -c Release --project StudentHub.Benchmarks -- circuits --circuits {Circuits} --interactions {Interactions}" +
            $" --think-seconds {ThinkSeconds} --idle-seconds {IdleSeconds}" +
            string.Concat(ServerSettings.Select(s => $" --server-setting {s}"));
    }

    private static async Task<int> RunAsync(Settings settings, CancellationToken ct)
    {
        await using var session = await BenchmarkSession.StartAsync(
            settings.Connection, settings.ClusterDirectory, settings.ServerSettings, $"studenthub_circuits_{settings.Students}_{settings.EventsPerStudent}", ct);
        if (session is null)
            return 2;
        var (loggers, logger, started, database) = session;

        // The app migrates and seeds the demo data and accounts itself; the scheduler stays off, so that only the circuits load it.
        await using var app = await AppProcess.StartAsync(database.ConnectionString, logger, ct, new Dictionary<string, string>
        {
            ["Database__SeedDemoDataWhenEmpty"] = "true",
            ["DemoAccounts__Enabled"] = "true",
            ["DemoData__Students"] = settings.Students.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DemoData__EventsPerStudent"] = settings.EventsPerStudent.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Scheduler__Enabled"] = "false",
        });
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var machine = await Machine.DescribeAsync(dataSource, ct);
        var tabs = await TabsAsync(dataSource, ct);
        if (tabs.Count == 0)
        {
            await Console.Error.WriteLineAsync($"No student of {School} has more than {2 * TimelineQuery.PageSize} events and a concept with fewer than {TimelineQuery.PageSize}.");
            return 2;
        }
        var cookies = await SignInAsync(app.BaseAddress, ct);
        var jsCalls = new ConcurrentDictionary<string, int>();
        var loadBefore = Machine.LoadAverage();

        // Untimed: the first circuits compile the app's paths and fill its pools and caches.
        logger.LogInformation("Warming up with {Count} circuits", WarmupCircuits);
        for (var i = 0; i < WarmupCircuits; i++)
        {
            await using var circuit = await OpenAsync(app.BaseAddress, cookies, tabs[i % tabs.Count], jsCalls, ct);
            var user = new TabUser(circuit, tabs[i % tabs.Count]);
            for (var step = 0; step < 3; step++)
                await user.InteractAsync(step, ct);
        }
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var baseline = await SettledResidentBytesAsync(app, ct);
        var baselineHeap = await HeapAfterCollection.MeasureAsync(app.ProcessId, ct);

        logger.LogInformation("Opening {Count} circuits, {Parallel} at a time", settings.Circuits, OpenInParallel);
        var opening = new Samples();
        var users = new TabUser[settings.Circuits];
        var circuits = new List<BlazorCircuit>();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, settings.Circuits), new ParallelOptions { MaxDegreeOfParallelism = OpenInParallel, CancellationToken = ct },
                async (i, token) =>
                {
                    var tab = tabs[i % tabs.Count];
                    var stopwatch = Stopwatch.StartNew();
                    var circuit = await OpenAsync(app.BaseAddress, cookies, tab, jsCalls, token);
                    opening.Add(stopwatch.Elapsed);
                    lock (circuits)
                        circuits.Add(circuit);
                    users[i] = new TabUser(circuit, tab);
                });
            logger.LogInformation("{Count} circuits open (p50 {P50} ms, p95 {P95} ms to interactive); idle for {Idle} s",
                settings.Circuits, Format.Ms(opening.P50), Format.Ms(opening.P95), settings.IdleSeconds);
            await Task.Delay(TimeSpan.FromSeconds(settings.IdleSeconds), ct);
            var idle = await SettledResidentBytesAsync(app, ct);
            var idleHeap = await HeapAfterCollection.MeasureAsync(app.ProcessId, ct);
            var memory = new CircuitMemory(baseline, idle, baselineHeap, idleHeap, settings.Circuits);
            logger.LogInformation("Resident memory {Baseline} MiB before, {Idle} MiB with the circuits idle: {PerCircuit} KB per circuit",
                baseline / 1024 / 1024, idle / 1024 / 1024, Format.Ms(memory.KilobytesPerCircuit));
            logger.LogInformation("Managed heap after a full collection {Baseline} MiB before, {Idle} MiB with the circuits idle: {PerCircuit} KB per circuit",
                baselineHeap / 1024 / 1024, idleHeap / 1024 / 1024, Format.Ms(memory.HeapKilobytesPerCircuit));

            logger.LogInformation("Every circuit interacts {Count} times, {Think} s apart on average", settings.Interactions, settings.ThinkSeconds);
            var load = Stopwatch.StartNew();
            await Task.WhenAll(users.Select((user, i) => user.RunAsync(settings.Interactions, settings.ThinkSeconds, seed: i, ct)));
            load.Stop();
            var after = app.ResidentBytes;
            var loadAfter = Machine.LoadAverage();

            var interactions = InteractionMeasurement.Of(users, load.Elapsed, after);
            var run = new CircuitsRun(settings, started, machine, database.Origin, opening, memory, interactions,
                jsCalls.OrderByDescending(c => c.Value).ToList(), AppErrors(app.LastLines()), loadBefore, loadAfter);
            Console.WriteLine();
            Console.WriteLine(run.Markdown());
            if (settings.ResultsPath is { } path)
            {
                ResultsFile.Update(path, run.SectionKey, run.Markdown());
                Console.WriteLine($"Results written to {path}");
            }
            return 0;
        }
        finally
        {
            await Parallel.ForEachAsync(circuits, new ParallelOptions { MaxDegreeOfParallelism = OpenInParallel }, async (c, _) => await c.DisposeAsync());
        }
    }

    private static async Task<BlazorCircuit> OpenAsync(
        Uri baseAddress, CookieContainer cookies, Tab tab, ConcurrentDictionary<string, int> jsCalls, CancellationToken ct)
    {
        var circuit = await BlazorCircuit.OpenAsync(baseAddress, cookies, tab.Path, jsCalls, Patience, ct);
        // Interactive: the first page of cards rendered by the circuit and "load more" clickable.
        await circuit.WaitForAsync(c => c.ElementsAdded(Card) >= TimelineQuery.PageSize && c.CanClick(LoadMore), Patience, ct);
        return circuit;
    }

    /// <summary>The app's resident memory after a quiet moment: the lowest of five readings a second apart.</summary>
    private static async Task<long> SettledResidentBytesAsync(AppProcess app, CancellationToken ct)
    {
        var lowest = long.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            lowest = Math.Min(lowest, app.ResidentBytes);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
        return lowest;
    }

    /// <summary>
    /// The teacher's students with more than two pages of events, each with a concept that has fewer than a page of
    /// them: narrowed to it, the page then shows that concept's oldest event, which two pages never reach, so every
    /// interaction in turn brings cards the page did not have.
    /// </summary>
    private static async Task<List<Tab>> TabsAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT s.id, c.concept
            FROM students s
            CROSS JOIN LATERAL (
                SELECT h.content->>'concept' AS concept
                FROM learning_history h
                WHERE h.student_id = s.id AND h.content ? 'concept'
                GROUP BY 1
                HAVING count(*) < $2
                ORDER BY min(h.occurred_at)
                LIMIT 1) c
            WHERE s.school_id = $1
              AND (SELECT count(*) FROM learning_history h WHERE h.student_id = s.id) > 2 * $2
            ORDER BY s.id
            """);
        command.Parameters.AddWithValue(School);
        command.Parameters.AddWithValue((long)TimelineQuery.PageSize);
        var tabs = new List<Tab>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            tabs.Add(new Tab(reader.GetGuid(0), reader.GetString(1)));
        return tabs;
    }

    /// <summary>Signs in as the demo teacher through the sign-in form, as a browser does; the cookie serves every tab.</summary>
    private static async Task<CookieContainer> SignInAsync(Uri baseAddress, CancellationToken ct)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var form = await http.GetStringAsync("/account/login", ct);
        var token = AntiforgeryToken().Match(form) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups["token"].Value)
            : throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        using var _ = await http.PostAsync("/account/login", new FormUrlEncodedContent(
        [
            new("_handler", "login"), new("__RequestVerificationToken", token),
            new("Input.Email", TeacherEmail), new("Input.Password", TeacherPassword),
        ]), ct);
        // Signed in, a page for teachers answers rather than sending to the sign-in page.
        using var check = await http.GetAsync("/students", ct);
        if (check.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Signing in as {TeacherEmail} failed: /students then answered {(int)check.StatusCode} {check.Headers.Location}.");
        return cookies;
    }

    /// <summary>Lines the app logged (it logs warnings and errors only) that are errors.</summary>
    private static List<string> AppErrors(string lines) =>
        lines.Split('\n').Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal)).ToList();

    [GeneratedRegex(@"name=""__RequestVerificationToken""[^>]*value=""(?<token>[^""]+)""")]
    private static partial Regex AntiforgeryToken();
}

/// <summary>A student's timeline as one tab shows it, and the concept it narrows to.</summary>
internal sealed record Tab(Guid Student, string Concept)
{
    public string Path => $"/students/{Student}/timeline";

    public string ConceptPath => $"{Path}?{TimelineFilterQuery.Concept}={Uri.EscapeDataString(Concept)}";
}

/// <summary>
/// A teacher at one tab: load more, narrow to the concept, clear it, and again, with a pause before each. An
/// interaction is timed from the click (or the URL change) to the render batch that brings its new cards.
/// </summary>
internal sealed class TabUser(BlazorCircuit circuit, Tab tab)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static readonly string[] Kinds = ["load more", "narrow to a concept", "clear the concept"];

    public List<(string Kind, double Milliseconds)> Timings { get; } = [];

    public List<string> Failures { get; } = [];

    public async Task RunAsync(int interactions, double thinkSeconds, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        for (var i = 0; i < interactions; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(thinkSeconds * (0.5 + random.NextDouble())), ct);
            try
            {
                Timings.Add((Kinds[i % 3], (await InteractAsync(i % 3, ct)).TotalMilliseconds));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                Failures.Add($"{Kinds[i % 3]}: {e.Message}");
            }
        }
    }

    public async Task<TimeSpan> InteractAsync(int step, CancellationToken ct)
    {
        var cards = circuit.ElementsAdded("event-card");
        var stopwatch = Stopwatch.StartNew();
        switch (step)
        {
            case 0:
                await circuit.ClickAsync("load-more", Patience, ct);
                break;
            case 1:
                await circuit.NavigateAsync(tab.ConceptPath, ct);
                break;
            default:
                await circuit.NavigateAsync(tab.Path, ct);
                break;
        }
        await circuit.WaitForAsync(c => c.ElementsAdded("event-card") > cards, Patience, ct);
        return stopwatch.Elapsed;
    }
}
