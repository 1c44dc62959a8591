using System.Net;
using System.Text.Json.Nodes;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Ingest;
using static StudentHub.Tests.Ingest.IngestTestKit;

namespace StudentHub.Tests.Ingest;

/// <summary>
/// <c>POST /api/v1/events</c> through the whole app on a real PostgreSQL: who may post, what is stored (once), and
/// every way a batch is refused, each a 4xx problem that stores nothing.
/// </summary>
public class IngestApiTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const int Node = 3;
    private StudentHubWebFactory _factory = default!;
    private HttpClient _client = default!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _factory = new StudentHubWebFactory(database);
        _client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        _key = await CreateKeyAsync(_factory, Node);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Post_WithoutAKey_Is401WithABearerChallenge_AndStoresNothing()
    {
        var student = await CreateStudentAsync(database);

        var response = await PostAsync(_client, key: null, Batch(Event(student)));

        var problem = await AssertProblemAsync(response, 401);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Authorization: Bearer", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task Post_WithAnUnknownKey_Is401()
    {
        var student = await CreateStudentAsync(database);

        var response = await PostAsync(_client, "shk_" + new string('A', 43), Batch(Event(student)));

        var problem = await AssertProblemAsync(response, 401);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("not known", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task Post_WithARevokedKey_Is401_AndStoresNothing()
    {
        var student = await CreateStudentAsync(database);
        var key = await CreateKeyAsync(_factory, 5);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(_client, key, Batch(Event(student)))).StatusCode);

        await RevokeAsync(_factory, key);
        var response = await PostAsync(_client, key, Batch(Event(student)));

        var problem = await AssertProblemAsync(response, 401);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString());
        Assert.Equal(1, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task Post_AValidBatch_StoresEveryEventAsTheKeysNode_WithItsContentWhole()
    {
        var student = await CreateStudentAsync(database);
        var content = new JsonObject { ["concept"] = "fractions", ["result"] = "correct", ["node_specific"] = new JsonObject { ["streak"] = 4 } };
        var occurredAt = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.FromHours(9));

        var second = Event(student, eventType: "test", occurredAt: occurredAt.AddMinutes(5));
        second.Remove("source_id");
        second.Remove("event_id");

        var response = await PostAsync(_client, _key, Batch(Event(student, occurredAt: occurredAt, content: content), second));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await JsonAsync(response);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(0, result.GetProperty("duplicates").GetInt32());
        Assert.False(result.TryGetProperty("rejected", out _));
        await using var db = database.CreateDbContext();
        var stored = db.LearningHistory.Where(e => e.StudentId == student).OrderBy(e => e.OccurredAt).ToList();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, e => Assert.Equal(Node, e.SourceNode));
        Assert.Equal(occurredAt, stored[0].OccurredAt);
        Assert.Equal("STUDY_SESSION_42", stored[0].SourceId);
        Assert.Equal("fractions", stored[0].Content.Concept);
        Assert.Equal(4, stored[0].Content.Other!["node_specific"].GetProperty("streak").GetInt32());
        Assert.Null(stored[1].SourceId);
    }

    [Fact]
    public async Task Post_ABodyClaimingAnotherNode_Is422NamingTheField_AndStoresNothing()
    {
        var student = await CreateStudentAsync(database);
        var own = Event(student);
        own["source_node"] = Node;
        var other = Event(student);
        other["source_node"] = Node + 1;

        var response = await PostAsync(_client, _key, Batch(own, other));

        var problem = await AssertProblemAsync(response, 422);
        Assert.Equal(["events[1].source_node"], ErrorKeys(problem));
        Assert.Equal(0, await EventCountAsync(database, student));

        var alone = await PostAsync(_client, _key, Batch(own));
        Assert.Equal(HttpStatusCode.OK, alone.StatusCode);
        Assert.Equal(Node, await Sql.ScalarAsync<int>(database.ConnectionString, "SELECT source_node FROM learning_history WHERE student_id = $1", student));
    }

    [Fact]
    public async Task Retry_OfTheSameBatch_CountsDuplicates_AndStoresEachEventOnce()
    {
        var student = await CreateStudentAsync(database);
        var batch = Batch(Enumerable.Range(0, 5).Select(i => Event(student, Guid.NewGuid(), occurredAt: DateTimeOffset.UtcNow.AddMinutes(-i))).ToArray());

        var first = await JsonAsync(await PostAsync(_client, _key, batch));
        // The retry's content has its keys in another order: jsonb equality, not text equality, decides.
        var reordered = (JsonObject)batch.DeepClone();
        foreach (var e in reordered["events"]!.AsArray())
            e!["content"] = new JsonObject(e["content"]!.AsObject().Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var retry = await PostAsync(_client, _key, reordered);

        Assert.Equal(5, first.GetProperty("accepted").GetInt32());
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var second = await JsonAsync(retry);
        Assert.Equal(0, second.GetProperty("accepted").GetInt32());
        Assert.Equal(5, second.GetProperty("duplicates").GetInt32());
        Assert.Equal(5, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task Retry_OfTheSameEventTwiceInOneBatch_StoresItOnce()
    {
        var student = await CreateStudentAsync(database);
        var e = Event(student, Guid.NewGuid());

        var result = await JsonAsync(await PostAsync(_client, _key, Batch(e, e, Event(student))));

        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(1, result.GetProperty("duplicates").GetInt32());
        Assert.Equal(2, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task EventIdReused_WithDifferentContent_Is409NamingTheItem_AndStoresNothingOfTheBatch()
    {
        var student = await CreateStudentAsync(database);
        var id = Guid.NewGuid();
        var occurredAt = DateTimeOffset.UtcNow.AddHours(-2);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(_client, _key, Batch(Event(student, id, occurredAt: occurredAt)))).StatusCode);

        var changed = Event(student, id, occurredAt: occurredAt, content: new JsonObject { ["result"] = "incorrect" });
        var response = await PostAsync(_client, _key, Batch(Event(student, Guid.NewGuid()), Event(student), changed));

        var problem = await AssertProblemAsync(response, 409);
        Assert.Equal(["events[2].event_id"], ErrorKeys(problem));
        Assert.Equal(1, await EventCountAsync(database, student));
        Assert.Equal("correct", await Sql.ScalarAsync<string>(database.ConnectionString,
            "SELECT content->>'result' FROM learning_history WHERE event_id = $1", id));
    }

    [Fact]
    public async Task EventIdReused_WithinOneBatch_WithDifferentContent_Is409NamingBoth()
    {
        var student = await CreateStudentAsync(database);
        var id = Guid.NewGuid();
        var occurredAt = DateTimeOffset.UtcNow.AddHours(-3);

        var response = await PostAsync(_client, _key, Batch(
            Event(student, id, occurredAt: occurredAt),
            Event(student),
            Event(student, id, eventType: "review", occurredAt: occurredAt)));

        var problem = await AssertProblemAsync(response, 409);
        Assert.Equal(["events[0].event_id", "events[2].event_id"], ErrorKeys(problem));
        Assert.Equal(0, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task BadItems_Are422_NamingEachByIndexAndField_AndNothingIsStored()
    {
        var student = await CreateStudentAsync(database);
        var noOffset = Event(student);
        noOffset["occurred_at"] = "2026-03-02T09:30:00";
        var future = Event(student, occurredAt: DateTimeOffset.UtcNow.AddMinutes(10));
        var longSourceId = Event(student);
        longSourceId["source_id"] = new string('x', 256);
        var listContent = Event(student);
        listContent["content"] = new JsonArray(1, 2);

        var response = await PostAsync(_client, _key, Batch(
            Event(student),
            Event(Guid.NewGuid()),
            noOffset,
            Event(student, eventType: "homework"),
            future,
            longSourceId,
            listContent,
            Event(student)));

        var problem = await AssertProblemAsync(response, 422);
        Assert.Equal(
            ["events[1].student_id", "events[2].occurred_at", "events[3].event_type", "events[4].occurred_at", "events[5].source_id", "events[6].content"],
            ErrorKeys(problem));
        Assert.Contains("study, test, intervention, review, assessment", problem.GetProperty("errors").GetProperty("events[3].event_type")[0].GetString());
        Assert.Contains("?partial=true", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task Partial_StoresTheGoodEvents_AndReportsTheRestByIndex()
    {
        var student = await CreateStudentAsync(database);
        var retried = Event(student, Guid.NewGuid(), occurredAt: DateTimeOffset.UtcNow.AddHours(-4));
        var stored = Event(student, Guid.NewGuid(), occurredAt: DateTimeOffset.UtcNow.AddHours(-5));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(_client, _key, Batch(retried, stored))).StatusCode);
        var conflicting = (JsonObject)stored.DeepClone();
        conflicting["content"] = new JsonObject { ["result"] = "partial" };
        var missingType = Event(student);
        missingType.Remove("event_type");

        var response = await PostAsync(_client, _key, Batch(Event(student), missingType, retried, conflicting, Event(student, Guid.NewGuid())), partial: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await JsonAsync(response);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(1, result.GetProperty("duplicates").GetInt32());
        var rejected = result.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([1, 3], rejected.Select(r => r.GetProperty("index").GetInt32()));
        Assert.True(rejected[0].GetProperty("errors").TryGetProperty("events[1].event_type", out _));
        Assert.True(rejected[1].GetProperty("errors").TryGetProperty("events[3].event_id", out _));
        Assert.Equal(4, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task Partial_WithAnEventIdRepeatedForDifferentContent_RejectsEachCopy_AndStoresTheRest()
    {
        var student = await CreateStudentAsync(database);
        var id = Guid.NewGuid();
        var occurredAt = DateTimeOffset.UtcNow.AddHours(-6);

        var response = await PostAsync(_client, _key, Batch(
            Event(student, id, occurredAt: occurredAt),
            Event(student, id, eventType: "test", occurredAt: occurredAt),
            Event(student, Guid.NewGuid())), partial: true);

        var result = await JsonAsync(response);
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        Assert.Equal([0, 1], result.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal(1, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task Partial_WithAWrongValue_Is400()
    {
        var student = await CreateStudentAsync(database);

        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, EventsUrl + "?partial=maybe")
        {
            Content = new StringContent(Batch(Event(student)).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            Headers = { Authorization = new("Bearer", _key) },
        });

        await AssertProblemAsync(response, 400);
        Assert.Equal(0, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task AnEventForAMonthWithoutAPartition_IsStored_AndThePartitionMade()
    {
        var student = await CreateStudentAsync(database);
        const string partitionExists = "SELECT count(*) FROM pg_class WHERE relname = 'learning_history_2019_03'";
        Assert.Equal(0L, await Sql.ScalarAsync<long>(database.ConnectionString, partitionExists));

        // 2019-04-01 08:00 in Seoul is 23:00 UTC on March 31st: the UTC month decides the partition.
        var response = await PostAsync(_client, _key, Batch(
            Event(student, occurredAt: new DateTimeOffset(2019, 3, 15, 10, 0, 0, TimeSpan.Zero)),
            Event(student, occurredAt: new DateTimeOffset(2019, 4, 1, 8, 0, 0, TimeSpan.FromHours(9)))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(database.ConnectionString, partitionExists));
        Assert.Equal(2L, await Sql.ScalarAsync<long>(database.ConnectionString,
            "SELECT count(*) FROM learning_history_2019_03 WHERE student_id = $1", student));
    }

    [Fact]
    public async Task AMonthArchivedAfterABatch_IsMadeAgainForTheNext()
    {
        var student = await CreateStudentAsync(database);
        var march = new DateTimeOffset(2018, 3, 15, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(_client, _key, Batch(Event(student, occurredAt: march)))).StatusCode);

        // As archive_old_learning_history_partitions() does: detached, then moved out of public.
        await Sql.ExecuteAsync(database.ConnectionString, """
            ALTER TABLE learning_history DETACH PARTITION learning_history_2018_03;
            ALTER TABLE learning_history_2018_03 SET SCHEMA archive;
            """);
        var response = await PostAsync(_client, _key, Batch(Event(student, occurredAt: march.AddDays(1))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(database.ConnectionString,
            "SELECT count(*) FROM public.learning_history_2018_03 WHERE student_id = $1", student));
    }

    [Fact]
    public async Task ABatchOf1001Events_Is413_AndStoresNothing()
    {
        var student = await CreateStudentAsync(database);
        var events = Enumerable.Range(0, IngestOptions.MaxEventsPerBatch + 1).Select(_ => Event(student)).ToArray();

        var response = await PostAsync(_client, _key, Batch(events));

        var problem = await AssertProblemAsync(response, 413);
        Assert.Contains("1,000", problem.GetProperty("detail").GetString());
        Assert.Contains("1,001", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task ABodyOverTheSizeLimit_Is413()
    {
        var response = await PostRawAsync(_client, _key, "{\"events\": [], \"padding\": \"" + new string(' ', new IngestOptions().MaxBodyBytes) + "\"}");

        await AssertProblemAsync(response, 413);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"events\": [")]
    [InlineData("{'events': []}")]
    [InlineData("events=1")]
    public async Task AMalformedBody_Is400(string body)
    {
        var response = await PostRawAsync(_client, _key, body);

        var problem = await AssertProblemAsync(response, 400);
        Assert.StartsWith("The body is not valid JSON", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"events\": {}}")]
    [InlineData("{\"events\": []}")]
    [InlineData("{\"events\": null}")]
    public async Task JsonThatIsNotABatch_Is422NamingEvents(string body)
    {
        var response = await PostRawAsync(_client, _key, body);

        var problem = await AssertProblemAsync(response, 422);
        Assert.Equal(["events"], ErrorKeys(problem));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    public async Task AWrongContentType_Is415_AndStoresNothing(string contentType)
    {
        var student = await CreateStudentAsync(database);

        var response = await PostRawAsync(_client, _key, Batch(Event(student)).ToJsonString(), contentType);

        await AssertProblemAsync(response, 415);
        Assert.Equal(0, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task EachRequest_RecordsTheKeysLastUseAndCounts()
    {
        var student = await CreateStudentAsync(database);
        var key = await CreateKeyAsync(_factory, 2);
        var bad = Event(student, eventType: "nap");

        await PostAsync(_client, key, Batch(Event(student), Event(student)));
        await PostAsync(_client, key, Batch(Event(student), bad));
        await PostAsync(_client, key, Batch(Event(student), bad), partial: true);

        await using var db = database.CreateDbContext();
        var record = db.IngestKeys.Single(k => k.KeyHash == IngestKeys.Hash(key));
        Assert.Equal(3, record.EventsAccepted);
        Assert.Equal(3, record.EventsRejected);
        Assert.True(record.LastUsedAt > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task TextPostgreSqlCannotStore_IsRefusedAs422_NotA500()
    {
        var student = await CreateStudentAsync(database);
        string[] contents =
        [
            """{"note": "a\u0000b"}""",
            """{"note": "\ud800"}""",
            """{"\u0000": 1}""",
            """{"big": 1e400}""",
            """{"tiny": 1e-400}""",
            """{"long": 0.""" + new string('1', 100) + "}",
        ];
        var events = string.Join(",", contents.Select(c =>
            $$"""{"student_id": "{{student}}", "event_type": "study", "occurred_at": "2026-03-02T09:30:00Z", "content": {{c}}}"""));

        var response = await PostRawAsync(_client, _key, $$"""{"events": [{{events}}]}""");

        var problem = await AssertProblemAsync(response, 422);
        Assert.Equal(Enumerable.Range(0, contents.Length).Select(i => $"events[{i}].content").Order().ToList(), ErrorKeys(problem));
        Assert.Equal(0, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task DatesWithAnOffset_AreTheSameInstantWhateverTheOffset()
    {
        var student = await CreateStudentAsync(database);
        var id = Guid.NewGuid();
        var seoul = Event(student, id, occurredAt: new DateTimeOffset(2026, 5, 5, 9, 0, 0, TimeSpan.FromHours(9)));
        var utc = (JsonObject)seoul.DeepClone();
        utc["occurred_at"] = "2026-05-05T00:00:00Z";

        await PostAsync(_client, _key, Batch(seoul));
        var retry = await JsonAsync(await PostAsync(_client, _key, Batch(utc)));

        Assert.Equal(1, retry.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, await EventCountAsync(database, student));
    }

    [Fact]
    public async Task ACookieSignIn_DoesNotStandInForAKey()
    {
        var email = await TestAccounts.CreateAsync(_factory, StudentHub.Data.Entities.Roles.Admin);
        using var admin = await TestAccounts.SignedInClientAsync(_factory, email);
        var student = await CreateStudentAsync(database);

        var response = await PostAsync(admin, key: null, Batch(Event(student)));

        await AssertProblemAsync(response, 401);
        Assert.Equal(0, await EventCountAsync(database, student));
    }
}
