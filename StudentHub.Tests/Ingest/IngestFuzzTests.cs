using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StudentHub.Tests.Infrastructure;
using Xunit.Abstractions;
using static StudentHub.Tests.Ingest.IngestTestKit;

namespace StudentHub.Tests.Ingest;

/// <summary>
/// A thousand malformed bodies, each built from a valid batch by breaking it at least once (truncated JSON, wrong
/// types, huge strings, missing fields, nulls, arrays for objects, bytes that are not UTF-8…): every one is answered
/// with a 4xx problem, none with a 5xx, and nothing is stored, not even a partition.
/// </summary>
public class IngestFuzzTests(DatabaseFixture database, ITestOutputHelper output) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const int Bodies = 1000;
    private const int Seed = 20261124;
    private const int Node = 4;

    private static readonly string[] Required = ["student_id", "event_type", "occurred_at", "content"];
    private static readonly string[] Validated = ["event_id", "student_id", "event_type", "source_id", "occurred_at", "content", "source_node"];

    private WebApplicationFactory<Program> _factory = default!;
    private HttpClient _client = default!;
    private string _key = "";
    private Guid _student;

    public async Task InitializeAsync()
    {
        // A thousand requests in a few seconds are this test's point, not a runaway node's.
        _factory = new StudentHubWebFactory(database).WithWebHostBuilder(b => b.UseSetting("Ingest:RequestsPerMinute", "100000"));
        _client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        _key = await CreateKeyAsync(_factory, Node);
        _student = await CreateStudentAsync(database);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task AThousandMalformedBodies_GetOnly4xxProblems_AndStoreNothing()
    {
        var random = new Random(Seed);
        var partitionsBefore = await PartitionCountAsync();
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var kinds = new Dictionary<string, int>();

        for (var i = 0; i < Bodies; i++)
        {
            var (body, description) = MalformedBody(random);
            foreach (var kind in description.Split(", "))
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, EventsUrl) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);

            using var response = await _client.SendAsync(request);

            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"#{i} ({description}): {status} {Truncate(await response.Content.ReadAsStringAsync())} for {Truncate(Encoding.UTF8.GetString(body))}");
        }

        output.WriteLine("Answers: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        output.WriteLine("Breaks: " + string.Join(", ", kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key}×{k.Value}")));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
        // The bodies break in many ways, so several kinds of refusal must have been met.
        Assert.True(statuses.Keys.Intersect([400, 413, 422]).Count() == 3, string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM learning_history"));
        Assert.Equal(partitionsBefore, await PartitionCountAsync());

        // The generator's batches before they are broken are accepted: the refusals above are the breaks' doing.
        for (var i = 0; i < 10; i++)
        {
            var valid = Batch(Enumerable.Range(0, random.Next(1, 6)).Select(_ => ValidEvent(random)).ToArray());
            var response = await PostAsync(_client, _key, valid);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
    }

    private Task<long> PartitionCountAsync() => Sql.ScalarAsync<long>(database.ConnectionString,
        "SELECT count(*) FROM pg_inherits WHERE inhparent = 'learning_history'::regclass");

    /// <summary>A valid batch of 1–5 events broken 1–3 ways; each way alone makes the body unacceptable.</summary>
    private (byte[] Body, string Description) MalformedBody(Random random)
    {
        var batch = Batch(Enumerable.Range(0, random.Next(1, 6)).Select(i => ValidEvent(random)).ToArray());
        var breaks = new List<string>();
        string? text = null;
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var events = batch["events"] as JsonArray;
            var target = events is { Count: > 0 } ? events[random.Next(events.Count)] as JsonObject : null;
            var field = Validated[random.Next(Validated.Length)];
            switch (random.Next(target is null ? 3 : 16))
            {
                case 0:
                    batch = random.Next(4) switch
                    {
                        0 => new JsonObject { ["event"] = batch["events"]?.DeepClone() },
                        1 => new JsonObject { ["events"] = JsonValue.Create(RandomString(random, random.Next(0, 50))) },
                        2 => new JsonObject { ["events"] = new JsonArray() },
                        _ => new JsonObject { ["events"] = null },
                    };
                    breaks.Add("no events array");
                    break;
                case 1:
                    text = random.Next(3) switch
                    {
                        0 => "[" + batch.ToJsonString() + "]",
                        1 => "null",
                        _ => JsonValue.Create(RandomString(random, 20))!.ToJsonString(),
                    };
                    breaks.Add("not an object");
                    break;
                case 2:
                    batch = new JsonObject { ["source_node"] = Node + 1 + random.Next(2), ["events"] = batch["events"]?.DeepClone() };
                    breaks.Add("body claims another node");
                    break;
                case 3:
                    target!.Remove(Required[random.Next(Required.Length)]);
                    breaks.Add("missing field");
                    break;
                case 4:
                    target![Required[random.Next(Required.Length)]] = null;
                    breaks.Add("null field");
                    break;
                case 5:
                    target![field] = WrongType(random, field);
                    breaks.Add($"wrong type for {field}");
                    break;
                case 6:
                    var huge = field is "content" or "source_node" ? "source_id" : field;
                    target![huge] = RandomString(random, random.Next(256, 200_000));
                    breaks.Add($"huge string in {huge}");
                    break;
                case 7:
                    events![events.IndexOf(target!)] = random.Next(3) switch
                    {
                        0 => null,
                        1 => new JsonArray(target!.Select(p => p.Value?.DeepClone()).ToArray()),
                        _ => JsonValue.Create(random.Next()),
                    };
                    breaks.Add("event not an object");
                    break;
                case 8:
                    target!["content"] = random.Next(2) == 0 ? new JsonArray(1, "two") : JsonValue.Create("{}");
                    breaks.Add("content not an object");
                    break;
                case 9:
                    target!["event_type"] = random.Next(2) == 0 ? "Study" : RandomString(random, random.Next(1, 12));
                    breaks.Add("unknown event_type");
                    break;
                case 10:
                    target!["occurred_at"] = random.Next(5) switch
                    {
                        0 => "2026-03-02T09:30:00",
                        1 => "2026-03-02",
                        2 => DateTimeOffset.UtcNow.AddHours(random.Next(1, 10_000)).ToString("O"),
                        3 => "1970-01-01T00:00:00Z",
                        _ => "2026-13-45T25:61:00+09:00",
                    };
                    breaks.Add("bad occurred_at");
                    break;
                case 11:
                    target!["source_node"] = random.Next(2) == 0 ? Node + 1 : 0;
                    breaks.Add("event claims another node");
                    break;
                case 12:
                    target![random.Next(2) == 0 ? "student_id" : "event_id"] = random.Next(3) switch
                    {
                        0 => Guid.NewGuid().ToString("N"),
                        1 => "not-a-uuid",
                        _ => Guid.NewGuid().ToString() + "}",
                    };
                    breaks.Add("bad uuid");
                    break;
                case 13:
                    target!["student_id"] = Guid.NewGuid().ToString();
                    breaks.Add("unknown student");
                    break;
                case 14:
                    text = UnstorableContent(random, batch, target!);
                    breaks.Add("content PostgreSQL cannot store");
                    break;
                default:
                    var deep = new JsonObject();
                    var inner = deep;
                    for (var level = 0; level < 70; level++)
                    {
                        var next = new JsonObject();
                        inner["nested"] = next;
                        inner = next;
                    }
                    target!["content"] = deep;
                    breaks.Add("content nested too deep");
                    break;
            }
            if (text is not null)
                break;
        }

        text ??= batch.ToJsonString();
        var bytes = Encoding.UTF8.GetBytes(text);
        switch (random.Next(12))
        {
            case 0:
                breaks.Add("truncated");
                return (bytes[..random.Next(bytes.Length)], string.Join(", ", breaks));
            case 1:
                var garbled = bytes.ToArray();
                garbled[random.Next(garbled.Length)] = (byte)(0x80 + random.Next(0x40));
                breaks.Add("not UTF-8");
                return (garbled, string.Join(", ", breaks));
            case 2 when random.Next(10) == 0:
                // Rarely, a batch of valid events that is one too many: the count alone refuses it.
                return (Encoding.UTF8.GetBytes(Batch(Enumerable.Range(0, 1001).Select(_ => ValidEvent(random)).ToArray()).ToJsonString()), "1,001 events");
            default:
                return (bytes, string.Join(", ", breaks));
        }
    }

    private JsonObject ValidEvent(Random random)
    {
        var e = Event(_student, random.Next(2) == 0 ? new Guid(RandomBytes(random, 16)) : null,
            eventType: IngestEventTypes[random.Next(IngestEventTypes.Length)],
            occurredAt: DateTimeOffset.UtcNow.AddMinutes(-random.Next(0, 500_000)));
        if (random.Next(3) == 0)
            e["source_node"] = Node;
        return e;
    }

    private static readonly string[] IngestEventTypes = ["study", "test", "intervention", "review", "assessment"];

    private static JsonNode? WrongType(Random random, string field) => (field, random.Next(4)) switch
    {
        ("content", 0) => JsonValue.Create(42),
        ("content", _) => new JsonArray(new JsonObject()),
        ("source_node", 0) => JsonValue.Create("4"),
        ("source_node", 1) => JsonValue.Create(4.5),
        ("source_node", _) => new JsonArray(4),
        (_, 0) => JsonValue.Create(random.Next()),
        (_, 1) => JsonValue.Create(random.Next(2) == 0),
        (_, 2) => new JsonArray("a"),
        _ => new JsonObject { ["value"] = "x" },
    };

    /// <summary>The batch's text with the target event's content replaced by JSON that is valid but that jsonb refuses.</summary>
    private static string UnstorableContent(Random random, JsonObject batch, JsonObject target)
    {
        const string marker = "\"__unstorable__\"";
        target["content"] = JsonValue.Create("__unstorable__");
        var unstorable = random.Next(5) switch
        {
            0 => """{"note": "a\u0000b"}""",
            1 => """{"note": "\udc00 alone"}""",
            2 => """{"\u0000key": 1}""",
            3 => """{"n": 1e999}""",
            _ => """{"n": 1e-999}""",
        };
        return batch.ToJsonString().Replace(marker, unstorable);
    }

    private static string RandomString(Random random, int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz가나다라마바사0123456789 _-:";
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = alphabet[r.Next(alphabet.Length)];
        });
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
