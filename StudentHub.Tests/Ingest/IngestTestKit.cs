using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Ingest;

namespace StudentHub.Tests.Ingest;

/// <summary>Keys, students, events and posts for the ingest tests: everything through the app's own services and HTTP.</summary>
internal static class IngestTestKit
{
    public const string EventsUrl = "/api/v1/events";

    public static async Task<string> CreateKeyAsync(WebApplicationFactory<Program> factory, int node, bool canRead = false)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync($"node {node} test key", node, canRead, "tests");
        return created.Key;
    }

    public static async Task RevokeAsync(WebApplicationFactory<Program> factory, string key)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<IngestKeys>();
        var record = await keys.FindAsync(key) ?? throw new InvalidOperationException("No such key.");
        Assert.True(await keys.RevokeAsync(record.Id));
    }

    public static async Task<Guid> CreateStudentAsync(DatabaseFixture database)
    {
        await using var db = database.CreateDbContext();
        var student = new Student { Name = "수집 테스트", SchoolId = "ING001", Grade = 7 };
        db.Students.Add(student);
        await db.SaveChangesAsync();
        return student.Id;
    }

    /// <summary>A valid event for <paramref name="studentId"/>; <paramref name="occurredAt"/> defaults to an hour ago, in Korean time.</summary>
    public static JsonObject Event(Guid studentId, Guid? eventId = null, string eventType = "study", DateTimeOffset? occurredAt = null, JsonObject? content = null) =>
        new()
        {
            ["event_id"] = eventId?.ToString(),
            ["student_id"] = studentId.ToString(),
            ["event_type"] = eventType,
            ["source_id"] = "STUDY_SESSION_42",
            ["occurred_at"] = (occurredAt ?? DateTimeOffset.UtcNow.AddHours(-1).ToOffset(TimeSpan.FromHours(9))).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz"),
            ["content"] = content ?? new JsonObject
            {
                ["action"] = "solve_problem",
                ["problem_id"] = "PROB_456",
                ["concept"] = "fractions",
                ["result"] = "correct",
                ["time_spent"] = 180,
                ["difficulty"] = 0.65,
                ["hints_used"] = 1,
            },
        };

    public static JsonObject Batch(params JsonObject[] events) => new() { ["events"] = new JsonArray(events.Select(e => (JsonNode)e.DeepClone()).ToArray()) };

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string? key, JsonNode body, bool partial = false) =>
        PostRawAsync(client, key, body.ToJsonString(), "application/json", partial);

    public static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, string? key, string body, string contentType = "application/json", bool partial = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, EventsUrl + (partial ? "?partial=true" : ""))
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Asserts an RFC 7807 answer with <paramref name="status"/>, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static IReadOnlyList<string> ErrorKeys(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();

    public static Task<long> EventCountAsync(DatabaseFixture database, Guid studentId) =>
        Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM learning_history WHERE student_id = $1", studentId);
}
