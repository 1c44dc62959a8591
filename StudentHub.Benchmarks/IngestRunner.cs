using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using StudentHub.Web.Database;
using StudentHub.Web.Ingest;

namespace StudentHub.Benchmarks;

internal sealed record IngestMeasurement(
    long Events, int Batches, int Clients, int Rounds,
    double HttpEventsPerSecond, double CopyEventsPerSecond, Samples HttpBatch, Samples CopyBatch, long StoredAfterHttp)
{
    public double HttpShareOfCopy => HttpEventsPerSecond / CopyEventsPerSecond;
}

/// <summary>
/// The ingest API as the nodes use it: the real app in its own process (started from the build output, as it is
/// deployed), one key per posting client (as each node has its own), batches of 1,000 over HTTP. Against it, the
/// same number of equal events written by raw binary COPY straight into learning_history, in batches of the same
/// size on as many connections: the floor under any way of storing them. The two alternate, round by round.
/// </summary>
internal sealed class IngestRunner(NpgsqlDataSource dataSource, string connectionString, IServiceProvider services, ILogger logger)
{
    private const int BatchSize = IngestOptions.MaxEventsPerBatch;
    private const string SourceId = "bench-ingest";
    public const int WarmupBatches = 4;

    private const string CopyEvents =
        "COPY learning_history (occurred_at, student_id, event_type, source_node, source_id, content, event_id) FROM STDIN (FORMAT BINARY)";

    public async Task<IngestMeasurement> RunAsync(int batches, int clients, int rounds, CancellationToken ct)
    {
        clients = Math.Min(clients, 6);
        var students = await StudentsAsync(ct);
        var keys = new List<string>();
        var ingestKeys = services.GetRequiredService<IngestKeys>();
        for (var node = 1; node <= clients; node++)
            keys.Add((await ingestKeys.CreateAsync($"benchmark node {node}", node, canRead: false, "benchmark", ct)).Key);

        await using var app = await AppProcess.StartAsync(connectionString, logger, ct);
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

        var random = new Random(20261124);
        var now = DateTimeOffset.UtcNow;
        // A few untimed batches: the app's first requests compile and fill its pools.
        foreach (var body in Bodies(WarmupBatches, students, random, now))
            await PostAsync(http, keys[0], body, ct);

        var httpBatch = new Samples();
        var copyBatch = new Samples();
        var httpElapsed = TimeSpan.Zero;
        var copyElapsed = TimeSpan.Zero;
        for (var round = 1; round <= rounds; round++)
        {
            var rows = Enumerable.Range(0, batches).Select(_ => Rows(students, random, now)).ToList();
            copyElapsed += await InParallelAsync(batches, clients, async (b, _) =>
                copyBatch.Add(await Samples.TimeAsync(() => CopyAsync(rows[b], ct))), ct);

            var bodies = Bodies(batches, students, random, now);
            httpElapsed += await InParallelAsync(batches, clients, async (b, client) =>
                httpBatch.Add(await Samples.TimeAsync(() => PostAsync(http, keys[client], bodies[b], ct))), ct);
            logger.LogInformation("Ingest round {Round}: raw COPY {Copy:N0} events/s, HTTP {Http:N0} events/s so far",
                round, (double)round * batches * BatchSize / copyElapsed.TotalSeconds, (double)round * batches * BatchSize / httpElapsed.TotalSeconds);
        }

        long stored;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var count = new NpgsqlCommand(
            "SELECT count(*) FROM learning_history WHERE source_id = $1 AND created_at >= $2", connection))
        {
            count.Parameters.AddWithValue(SourceId + "-http");
            count.Parameters.AddWithValue(now);
            count.CommandTimeout = 0;
            stored = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        var events = (long)rounds * batches * BatchSize;
        return new IngestMeasurement(
            events, batches, clients, rounds,
            events / httpElapsed.TotalSeconds, events / copyElapsed.TotalSeconds, httpBatch, copyBatch, stored);
    }

    /// <summary>Runs <paramref name="count"/> jobs on <paramref name="workers"/> workers, each taking the next job; the wall time of all.</summary>
    private static async Task<TimeSpan> InParallelAsync(int count, int workers, Func<int, int, Task> job, CancellationToken ct)
    {
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            for (var b = Interlocked.Increment(ref next); b < count; b = Interlocked.Increment(ref next))
                await job(b, worker);
        }, ct)));
        return stopwatch.Elapsed;
    }

    private async Task<List<Guid>> StudentsAsync(CancellationToken ct)
    {
        var students = new List<Guid>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("SELECT id FROM students ORDER BY md5(id::text) LIMIT 1000", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            students.Add(reader.GetGuid(0));
        return students;
    }

    private sealed record Row(Guid EventId, Guid Student, DateTimeOffset At, int Seed);

    private static List<Row> Rows(List<Guid> students, Random random, DateTimeOffset now) =>
        Enumerable.Range(0, BatchSize)
            .Select(_ => new Row(Guid.CreateVersion7(), students[random.Next(students.Count)], now - TimeSpan.FromDays(20) * random.NextDouble(), random.Next()))
            .ToList();

    private async Task CopyAsync(List<Row> rows, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var importer = await connection.BeginBinaryImportAsync(CopyEvents, ct);
        foreach (var row in rows)
            await TimelineData.WriteEventAsync(importer, row.Student, row.At, new Random(row.Seed), SourceId + "-copy", row.EventId, ct);
        await importer.CompleteAsync(ct);
    }

    /// <summary>Request bodies made before the clock starts: the nodes' serialization is not the hub's cost.</summary>
    private static List<string> Bodies(int count, List<Guid> students, Random random, DateTimeOffset now)
    {
        var bodies = new List<string>(count);
        for (var b = 0; b < count; b++)
        {
            var body = new StringBuilder("{\"events\": [");
            var rows = Rows(students, random, now);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var eventRandom = new Random(row.Seed);
                // The same draws, in the same order, as TimelineData.WriteEventAsync makes for the raw COPY.
                var eventType = TimelineData.EventType(eventRandom);
                eventRandom.Next(6);
                if (i > 0)
                    body.Append(',');
                body.Append(CultureInfo.InvariantCulture,
                    $$"""{"event_id": "{{row.EventId}}", "student_id": "{{row.Student}}", "event_type": "{{eventType}}", "source_id": "{{SourceId}}-http", "occurred_at": "{{row.At.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture)}}", "content": {{TimelineData.Content(eventRandom)}}}""");
            }
            bodies.Add(body.Append("]}").ToString());
        }
        return bodies;
    }

    private static async Task PostAsync(HttpClient http, string key, string body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"The ingest API answered {(int)response.StatusCode}: {answer}");
        var accepted = JsonDocument.Parse(answer).RootElement.GetProperty("accepted").GetInt32();
        if (accepted != BatchSize)
            throw new InvalidOperationException($"The ingest API accepted {accepted} of {BatchSize} events: {answer}");
    }
}
