using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Ingest;
using StudentHub.Web.Localization;
using static StudentHub.Tests.Ingest.IngestTestKit;

namespace StudentHub.Tests.Ingest;

/// <summary>Freshness per node from what nodes really posted through <c>POST /api/v1/events</c>: stored, resent, refused.</summary>
public class IngestFreshnessTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private StudentHubWebFactory _factory = default!;
    private HttpClient _client = default!;

    public Task InitializeAsync()
    {
        _factory = new StudentHubWebFactory(database);
        _client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task EachNode_CountsTodaysStoredDuplicateAndRejectedEvents_AndItsLatestEvent()
    {
        var before = DateTimeOffset.UtcNow;
        // Whole seconds ago, in Korean time as the nodes send them; all within today unless the test straddles midnight in Seoul.
        var now = DateTimeOffset.FromUnixTimeSeconds(before.ToUnixTimeSeconds()).ToOffset(TimeSpan.FromHours(9));
        var student = await CreateStudentAsync(database);
        var node1 = await CreateKeyAsync(_factory, 1);
        var node3 = await CreateKeyAsync(_factory, 3);

        var first = Batch(
            Event(student, Guid.NewGuid(), occurredAt: now.AddHours(-3)),
            Event(student, Guid.NewGuid(), occurredAt: now.AddMinutes(-30)),
            Event(student, Guid.NewGuid(), occurredAt: now.AddHours(-2)));
        await AssertStoredAsync(await PostAsync(_client, node1, first), accepted: 3, duplicates: 0);
        // The node's retry of the same batch: nothing new is stored, all three are counted as duplicates.
        await AssertStoredAsync(await PostAsync(_client, node1, first), accepted: 0, duplicates: 3);

        await AssertStoredAsync(await PostAsync(_client, node3, Batch(
            Event(student, Guid.NewGuid(), occurredAt: now.AddMinutes(-50)),
            Event(student, Guid.NewGuid(), occurredAt: now.AddMinutes(-20)))), accepted: 2, duplicates: 0);
        // Refused whole for one bad event: all three are rejected, and the latest of them (a minute ago) was never stored.
        await AssertProblemAsync(await PostAsync(_client, node3, Batch(
            Event(student, Guid.NewGuid(), occurredAt: now.AddMinutes(-1)),
            Event(student, Guid.NewGuid(), eventType: "nap", occurredAt: now.AddMinutes(-2)),
            Event(student, Guid.NewGuid(), occurredAt: now.AddMinutes(-3)))), 422);
        // Partial: the good event is stored, the bad one rejected.
        await AssertStoredAsync(await PostAsync(_client, node3, Batch(
            Event(student, Guid.NewGuid(), occurredAt: now.AddMinutes(-40)),
            Event(student, Guid.NewGuid(), eventType: "nap", occurredAt: now.AddMinutes(-4))), partial: true), accepted: 1, duplicates: 0);
        var after = DateTimeOffset.UtcNow;

        await using var scope = _factory.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<IngestFreshness>().LoadAsync(ReaderTimeZone.Seoul);

        Assert.Equal([1, 2, 3, 4, 5, 6], report.Nodes.Select(n => n.SourceNode));
        var one = report.Nodes[0];
        Assert.Equal((3L, 3L, 0L, 1), (one.EventsToday, one.DuplicatesToday, one.RejectsToday, one.ActiveKeys));
        Assert.Equal(now.AddMinutes(-30), one.LastEventAt);
        Assert.InRange(one.LastReceivedAt!.Value, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.False(one.IsQuiet);
        var three = report.Nodes[2];
        Assert.Equal((3L, 0L, 4L, 1), (three.EventsToday, three.DuplicatesToday, three.RejectsToday, three.ActiveKeys));
        Assert.Equal(now.AddMinutes(-20), three.LastEventAt);
        Assert.InRange(three.LastReceivedAt!.Value, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.All(report.Nodes.Where(n => n.SourceNode is not (1 or 3)), n =>
            Assert.Equal(new NodeFreshness(n.SourceNode, null, null, 0, 0, 0, 0, false), n));
    }

    private static async Task AssertStoredAsync(HttpResponseMessage response, int accepted, int duplicates)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await JsonAsync(response);
        Assert.Equal((accepted, duplicates), (result.GetProperty("accepted").GetInt32(), result.GetProperty("duplicates").GetInt32()));
    }
}

/// <summary>Freshness from hour rows set down directly, at a stopped clock: where "today" starts, and when a node is quiet.</summary>
public class IngestFreshnessDayTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public async Task Today_StartsAtTheReadersMidnight()
    {
        // 09:30 on 2 March in Seoul, 00:30 in UTC, 19:30 on 1 March in New York.
        var now = new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.Zero);
        await AddHoursAsync(2,
            (At(2026, 3, 1, 4), 10000), // 13:00 on 1 March in Seoul, 23:00 on 28 February in New York
            (At(2026, 3, 1, 14), 1),    // 23:00 on 1 March in Seoul
            (At(2026, 3, 1, 15), 10),   // midnight, 2 March in Seoul
            (At(2026, 3, 1, 23), 100),
            (At(2026, 3, 2, 0), 1000)); // midnight, 2 March in UTC

        var seoul = Node(await FreshnessAt(now).LoadAsync(ReaderTimeZone.Seoul), 2);
        var utc = Node(await FreshnessAt(now).LoadAsync(TimeZoneInfo.Utc), 2);
        var newYork = Node(await FreshnessAt(now).LoadAsync(NewYork), 2);

        Assert.Equal((1110L, 2220L, 3330L), (seoul.EventsToday, seoul.DuplicatesToday, seoul.RejectsToday));
        Assert.Equal((1000L, 2000L, 3000L), (utc.EventsToday, utc.DuplicatesToday, utc.RejectsToday));
        Assert.Equal((1111L, 2222L, 3333L), (newYork.EventsToday, newYork.DuplicatesToday, newYork.RejectsToday));
        // The latest of every hour, whatever the day.
        Assert.Equal(At(2026, 3, 2, 0).AddMinutes(5), seoul.LastEventAt);
        Assert.Equal(At(2026, 3, 2, 0).AddMinutes(10), seoul.LastReceivedAt);
        Assert.Equal(At(2026, 3, 1, 15), (await FreshnessAt(now).LoadAsync(ReaderTimeZone.Seoul)).StartOfToday);
    }

    [Fact]
    public async Task ANodeWithAnActiveKey_IsQuietAfterAnHourWithoutAPost()
    {
        var now = new DateTimeOffset(2026, 3, 3, 12, 0, 0, TimeSpan.Zero);
        await CreateKeyAsync(3, now.AddMinutes(-10)); // never posted, but its key is ten minutes old: not late yet
        await CreateKeyAsync(4, now.AddHours(-2));    // never posted in the two hours since it got its key
        await CreateKeyAsync(5, now.AddHours(-3));
        await CreateKeyAsync(6, now.AddHours(-3));
        await AddHoursAsync(5, (At(2026, 3, 3, 10), 7)); // last post 10:10, an hour and fifty minutes ago
        await AddHoursAsync(6, (At(2026, 3, 3, 11), 7)); // last post 11:10, fifty minutes ago
        // Node 1's only key is revoked: a node nobody can post for is not waited on.
        var revoked = await CreateKeyAsync(1, now.AddHours(-3));
        await new IngestKeys(database.ContextFactory(), new StoppedClock(now)).RevokeAsync(revoked.Record.Id);
        await AddHoursAsync(1, (At(2026, 3, 3, 8), 7));

        var report = await FreshnessAt(now).LoadAsync(ReaderTimeZone.Seoul);

        Assert.Equal(
            [(1, 0, false), (3, 1, false), (4, 1, true), (5, 1, true), (6, 1, false)],
            report.Nodes.Where(n => n.SourceNode != 2).Select(n => (n.SourceNode, n.ActiveKeys, n.IsQuiet)));
        Assert.Null(Node(report, 4).LastReceivedAt);
    }

    private IngestFreshness FreshnessAt(DateTimeOffset now) => new(database.ContextFactory(), new StoppedClock(now));

    private Task<CreatedIngestKey> CreateKeyAsync(int node, DateTimeOffset at) =>
        new IngestKeys(database.ContextFactory(), new StoppedClock(at)).CreateAsync($"node {node}", node, canRead: false, "tests");

    private static NodeFreshness Node(IngestFreshnessReport report, int node) => report.Nodes.Single(n => n.SourceNode == node);

    private static DateTimeOffset At(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    /// <summary>Hour rows as <c>EventIngestor</c> keeps them: <paramref name="n"/> stored, 2n resent, 3n rejected, posted ten minutes into the hour.</summary>
    private async Task AddHoursAsync(int node, params (DateTimeOffset Hour, long N)[] hours)
    {
        await using var db = database.CreateDbContext();
        foreach (var (hour, n) in hours)
        {
            db.IngestNodeHours.Add(new IngestNodeHour
            {
                SourceNode = node,
                Hour = hour,
                EventsAccepted = n,
                EventsDuplicate = 2 * n,
                EventsRejected = 3 * n,
                LastReceivedAt = hour.AddMinutes(10),
                LastEventAt = hour.AddMinutes(5),
            });
        }
        await db.SaveChangesAsync();
    }
}
