using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Ingest;

/// <summary>The OpenAPI document and its browsable reference: open to anyone, describing the ingest API as it behaves.</summary>
public partial class ApiDocsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private StudentHubWebFactory _factory = default!;
    private HttpClient _anonymous = default!;

    public Task InitializeAsync()
    {
        _factory = new StudentHubWebFactory(database);
        _anonymous = TestAccounts.AnonymousClient(_factory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _anonymous.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheIngestEndpoint_ItsBodyAndEveryProblem()
    {
        var response = await _anonymous.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["/api/v1/events", "/api/v1/students/{id}/events"], document.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order());
        var read = document.GetProperty("paths").GetProperty("/api/v1/students/{id}/events").GetProperty("get");
        Assert.Equal(["before", "id", "limit"], read.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order());
        var post = document.GetProperty("paths").GetProperty("/api/v1/events").GetProperty("post");

        var events = post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("properties").GetProperty("events");
        Assert.Equal(1000, events.GetProperty("maxItems").GetInt32());
        var item = events.GetProperty("items");
        Assert.Equal(
            ["content", "event_id", "event_type", "occurred_at", "source_id", "source_node", "student_id"],
            item.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["content", "event_type", "occurred_at", "student_id"], item.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order());
        Assert.Equal(["study", "test", "intervention", "review", "assessment"],
            item.GetProperty("properties").GetProperty("event_type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("boolean", post.GetProperty("parameters")[0].GetProperty("schema").GetProperty("type").GetString());

        var responses = post.GetProperty("responses");
        Assert.Equal(["200", "400", "401", "409", "413", "415", "422", "429", "503"], responses.EnumerateObject().Select(r => r.Name));
        foreach (var problem in responses.EnumerateObject().Where(r => r.Name != "200"))
            Assert.True(problem.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), problem.Name);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("IngestKey");
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Equal(1, post.GetProperty("security").GetArrayLength());
    }

    [Fact]
    public async Task ApiReference_IsOpenToAnyone_AndItsScriptsCarryTheNonceThePolicyAllows()
    {
        var response = await _anonymous.GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var nonce = ScriptNonce().Match(html).Groups[1].Value;
        Assert.NotEmpty(nonce);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"script-src 'self' 'nonce-{nonce}'", policy);
        // Only this page's policy gains the nonce; every other page keeps 'self' alone.
        var other = await _anonymous.GetAsync("/account/login");
        Assert.Contains("script-src 'self';", other.Headers.GetValues("Content-Security-Policy").Single());
    }

    [GeneratedRegex("<script[^>]* nonce=\"([^\"]+)\"")]
    private static partial Regex ScriptNonce();
}
