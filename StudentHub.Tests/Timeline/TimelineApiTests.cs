using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using static StudentHub.Tests.Ingest.IngestTestKit;

namespace StudentHub.Tests.Timeline;

/// <summary><c>GET /api/v1/students/{id}/events</c> for read keys, and what the API answers for paths it does not have.</summary>
public class TimelineApiTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private StudentHubWebFactory _factory = default!;
    private HttpClient _client = default!;
    private string _readKey = "";
    private Guid _student;
    private readonly Guid _eventId = Guid.CreateVersion7();

    public async Task InitializeAsync()
    {
        _factory = new StudentHubWebFactory(database);
        _client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        _readKey = await CreateKeyAsync(_factory, 2, canRead: true);
        _student = await CreateStudentAsync(database);

        await using var db = database.CreateDbContext();
        for (var i = 0; i < 23; i++)
            db.LearningHistory.Add(new LearningEvent
            {
                StudentId = _student,
                // Pairs share a timestamp, so pages split ties.
                OccurredAt = Start.AddHours(i / 2),
                EventType = EventType.Test,
                SourceNode = 1 + i % 6,
                SourceId = $"S{i}",
                EventId = i == 0 ? _eventId : null,
                Content = new EventContent
                {
                    Concept = "fractions", Result = "correct", Score = 90,
                    Other = new() { ["attempt"] = JsonSerializer.SerializeToElement(i) },
                },
            });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task ReadKey_PagesThroughTheTimeline_EachEventOnce_NewestFirst()
    {
        var seen = new List<JsonElement>();
        string? cursor = null;
        for (var pages = 1; ; pages++)
        {
            var response = await GetAsync(_readKey, $"/api/v1/students/{_student}/events?limit=5" + (cursor is null ? "" : $"&before={cursor}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await JsonAsync(response);
            seen.AddRange(body.GetProperty("events").EnumerateArray().Select(e => e.Clone()));
            cursor = body.GetProperty("next_cursor").GetString();
            if (cursor is null)
            {
                Assert.Equal(5, pages);
                break;
            }
        }

        Assert.Equal(23, seen.Select(e => e.GetProperty("id").GetInt64()).Distinct().Count());
        Assert.Equal(23, seen.Count);
        var attempts = seen.Select(e => e.GetProperty("content").GetProperty("attempt").GetInt32()).ToList();
        Assert.Equal(attempts.Order().Reverse(), attempts.OrderByDescending(a => a / 2).ThenByDescending(a => a));
        var oldest = seen[^1];
        Assert.Equal("test", oldest.GetProperty("event_type").GetString());
        Assert.Equal(_student, oldest.GetProperty("student_id").GetGuid());
        Assert.Equal(_eventId, oldest.GetProperty("event_id").GetGuid());
        Assert.Equal(Start, oldest.GetProperty("occurred_at").GetDateTimeOffset());
        Assert.Equal(90, oldest.GetProperty("content").GetProperty("score").GetDouble());
        Assert.False(oldest.GetProperty("content").TryGetProperty("problem_id", out _));
    }

    [Fact]
    public async Task DefaultPage_IsFifty_OrWhatThereIs()
    {
        var body = await JsonAsync(await GetAsync(_readKey, $"/api/v1/students/{_student}/events"));

        Assert.Equal(23, body.GetProperty("events").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("next_cursor").ValueKind);
    }

    [Theory]
    [InlineData("?before=garbage", "before")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?limit=-1&before=%3D%3D", "before,limit")]
    public async Task BadParameters_Are400_NamingEach(string query, string fields)
    {
        var problem = await AssertProblemAsync(await GetAsync(_readKey, $"/api/v1/students/{_student}/events{query}"), 400);

        Assert.Equal(fields.Split(','), ErrorKeys(problem));
    }

    [Fact]
    public async Task UnknownStudent_Is404Problem()
    {
        var problem = await AssertProblemAsync(await GetAsync(_readKey, $"/api/v1/students/{Guid.NewGuid()}/events"), 404);

        Assert.Equal("No such student", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task KeyWithoutReadAccess_Is403_NoKey401_RevokedKey401()
    {
        var writeOnly = await CreateKeyAsync(_factory, 2);
        var revoked = await CreateKeyAsync(_factory, 2, canRead: true);
        await RevokeAsync(_factory, revoked);
        var url = $"/api/v1/students/{_student}/events";

        await AssertProblemAsync(await GetAsync(writeOnly, url), 403);
        await AssertProblemAsync(await GetAsync(null, url), 401);
        await AssertProblemAsync(await GetAsync(revoked, url), 401);
    }

    [Fact]
    public async Task UnknownApiPath_Is404Problem_NotASignInRedirect()
    {
        await AssertProblemAsync(await GetAsync(null, "/api/v1/nothing-here"), 404);
        await AssertProblemAsync(await GetAsync(_readKey, "/api/v1/students/not-a-guid/events"), 404);
    }

    [Fact]
    public async Task KnownApiPath_WithAnotherMethod_Is405_WithAllow()
    {
        var response = await GetAsync(_readKey, EventsUrl);

        await AssertProblemAsync(response, 405);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    private async Task<HttpResponseMessage> GetAsync(string? key, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await _client.SendAsync(request);
    }
}
