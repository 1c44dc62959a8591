using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Database;
using StudentHub.Web.Ingest;
using Xunit.Abstractions;
using static StudentHub.Tests.Ingest.IngestTestKit;

namespace StudentHub.Tests.Ingest;

/// <summary>
/// Nodes keep posting while PostgreSQL restarts under them. On its own cluster: the shared test server must never
/// go down under other classes' tests.
/// </summary>
public sealed class IngestDuringRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Node = 4;
    private const int Clients = 4;
    private const int BatchesPerClient = 50;
    private const int EventsPerBatch = 20;
    private const int Months = 24;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "studenthub-tests-restart-" + Guid.NewGuid().ToString("N")[..12]);
    private LocalPostgresCluster _cluster = default!;
    private string _connectionString = "";
    private StudentHubWebFactory _factory = default!;

    public async Task InitializeAsync()
    {
        // Always local binaries, whatever server the other tests use: only a cluster of our own may be restarted.
        var binaries = LocalPostgresCluster.FindServerBinaries()
            ?? throw new InvalidOperationException(
                "This test restarts a PostgreSQL of its own and needs the local server binaries (apt-get install postgresql), " +
                $"even when {TestPostgresServer.EnvironmentVariable} or Docker serves the other tests.");
        _cluster = new LocalPostgresCluster(_root, LocalPostgresCluster.FreePort(), binaries, NullLogger.Instance);
        await StartClusterAsync();
        await _cluster.EnsureDatabaseAsync("studenthub");
        _connectionString = _cluster.ConnectionString("studenthub");
        await using (var dataSource = NpgsqlDataSource.Create(_connectionString))
        await using (var db = new StudentHubDbContext(StudentHubDatabase.Options(dataSource)))
            await db.Database.MigrateAsync();

        // The fixture is never initialized: the setting below points the app at this cluster instead.
        _factory = new StudentHubWebFactory(new DatabaseFixture(), new Dictionary<string, string?> { ["ConnectionStrings:StudentHub"] = _connectionString });
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await _cluster.StopAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task ClientsThatRetryWithTheirEventIds_LoseNothingAndDuplicateNothing_AcrossTwoRestarts()
    {
        var key = await CreateKeyAsync(_factory, Node);
        var students = await CreateStudentsAsync(5);
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        client.Timeout = TimeSpan.FromSeconds(20);

        var sent = new ConcurrentBag<Guid>();
        var outcomes = new ConcurrentBag<BatchOutcome>();
        var failures = new ConcurrentBag<string>();
        var posted = 0;
        var deadline = Stopwatch.StartNew();

        async Task PostAllAsync(int clientIndex)
        {
            for (var b = 0; b < BatchesPerClient; b++)
            {
                // Each batch in a month of its own among the last two years, so partitions are still being made when the server stops.
                var month = DateTimeOffset.UtcNow.AddMonths(-((clientIndex * BatchesPerClient + b) % Months) - 1);
                var events = Enumerable.Range(0, EventsPerBatch).Select(i =>
                {
                    var id = Guid.NewGuid();
                    sent.Add(id);
                    return Event(students[i % students.Count], id, occurredAt: month.AddMinutes(i));
                }).ToArray();
                var body = Batch(events);

                var failed = 0;
                while (true)
                {
                    Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90), "a client was still retrying after 90 s: the app did not recover");
                    try
                    {
                        using var response = await PostAsync(client, key, body);
                        if (response.IsSuccessStatusCode)
                        {
                            var result = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                            outcomes.Add(new BatchOutcome(failed, result["accepted"]!.GetValue<int>(), result["duplicates"]!.GetValue<int>()));
                            break;
                        }
                        failures.Add($"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        failures.Add(e.GetType().Name);
                    }
                    failed++;
                    await Task.Delay(100);
                }
                Interlocked.Increment(ref posted);
            }
        }

        async Task RestartWhenAsync(int batchesPosted)
        {
            while (Volatile.Read(ref posted) < batchesPosted)
                await Task.Delay(20);
            await _cluster.StopAsync();
            await Task.Delay(1500);
            await StartClusterAsync();
        }

        const int total = Clients * BatchesPerClient;
        var load = Enumerable.Range(0, Clients).Select(c => Task.Run(() => PostAllAsync(c))).ToList();
        var restarts = Task.Run(async () =>
        {
            await RestartWhenAsync(total / 4);
            await RestartWhenAsync(total * 3 / 5);
        });
        await Task.WhenAll([.. load, restarts]);
        output.WriteLine($"{deadline.Elapsed.TotalSeconds:0.0} s; {failures.Count} failed attempts; {outcomes.Count(o => o.FailedAttempts > 0)} batches retried, " +
                         $"{outcomes.Count(o => o.Duplicates > 0)} of them already stored (their answer was lost)");

        // The restarts were felt, and every refusal during them was a problem the node can read, not a page or a hang.
        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.Equal("503 application/problem+json", f));

        Assert.Equal(total, outcomes.Count);
        // One transaction per batch: all of it stored, or (a retry of a batch whose answer was lost) all of it already there.
        Assert.All(outcomes, o => Assert.True(
            (o.Accepted, o.Duplicates) is (EventsPerBatch, 0) || (o.FailedAttempts > 0 && (o.Accepted, o.Duplicates) is (0, EventsPerBatch)),
            $"after {o.FailedAttempts} failed attempts: {o.Accepted} accepted, {o.Duplicates} duplicates"));
        Assert.Equal(sent.Count, outcomes.Sum(o => o.Accepted + o.Duplicates));

        var ids = sent.ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(ids.Length, await Sql.ScalarAsync<long>(_connectionString, "SELECT count(*) FROM learning_history"));
        Assert.Equal(ids.Length, await Sql.ScalarAsync<long>(_connectionString, "SELECT count(DISTINCT event_id) FROM learning_history WHERE event_id = ANY($1)", ids));
        // What the answers counted as new is what the key's counters say was stored.
        Assert.Equal(outcomes.Sum(o => (long)o.Accepted), await Sql.ScalarAsync<long>(_connectionString, "SELECT events_accepted FROM ingest_keys"));
        // Every month's partition is whole: attached, with the index the duplicate check relies on.
        Assert.Equal(0, await Sql.ScalarAsync<long>(_connectionString, """
            SELECT count(*) FROM pg_class c
            WHERE c.relname LIKE 'learning_history\_%' AND c.relkind = 'r'
                AND (NOT c.relispartition OR NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisunique AND i.indisvalid))
            """));
    }

    private Task StartClusterAsync() => _cluster.StartAsync(["fsync=off", "full_page_writes=off"]);

    private async Task<List<Guid>> CreateStudentsAsync(int count)
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var db = new StudentHubDbContext(StudentHubDatabase.Options(dataSource));
        var students = Enumerable.Range(0, count).Select(i => new Student { Name = $"재시작 {i}", SchoolId = "RST001", Grade = 8 }).ToList();
        db.Students.AddRange(students);
        await db.SaveChangesAsync();
        return students.Select(s => s.Id).ToList();
    }

    private sealed record BatchOutcome(int FailedAttempts, int Accepted, int Duplicates);
}
