using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StudentHub.Tests.Infrastructure;
using static StudentHub.Tests.Ingest.IngestTestKit;

namespace StudentHub.Tests.Ingest;

/// <summary>The per-key rate limit, with the limit lowered to three requests a minute so a test can reach it.</summary>
public class IngestRateLimitTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = default!;
    private HttpClient _client = default!;

    public Task InitializeAsync()
    {
        _factory = new StudentHubWebFactory(database).WithWebHostBuilder(b => b.UseSetting("Ingest:RequestsPerMinute", "3"));
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task AKeyOverItsLimit_Gets429WithRetryAfter_WhileAnotherKeyIsUnaffected()
    {
        var busy = await CreateKeyAsync(_factory, 1);
        var other = await CreateKeyAsync(_factory, 2);
        var student = await CreateStudentAsync(database);

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(_client, busy, Batch(Event(student)))).StatusCode);
        var limited = await PostAsync(_client, busy, Batch(Event(student)));

        var problem = await AssertProblemAsync(limited, 429);
        Assert.Contains("3 requests", problem.GetProperty("detail").GetString());
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal(3, await EventCountAsync(database, student));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(_client, other, Batch(Event(student)))).StatusCode);
    }
}
