using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Health;

namespace StudentHub.Tests.Health;

/// <summary><c>/health/live</c> and <c>/health/ready</c> through the whole app, as a load balancer calls them: anonymous.</summary>
public sealed class HealthEndpointTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Live_Answers200Healthy_WithoutCheckingAnything()
    {
        await using var factory = new StudentHubWebFactory(database);
        using var client = TestAccounts.AnonymousClient(factory);

        var response = await client.GetAsync("/health/live");

        var body = await BodyAsync(response, HttpStatusCode.OK);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("checks").EnumerateObject());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Ready_Answers200_WithEveryCheckHealthy_OnAMigratedDatabase()
    {
        await using var factory = new StudentHubWebFactory(database);
        using var client = TestAccounts.AnonymousClient(factory);

        var body = await BodyAsync(await client.GetAsync("/health/ready"), HttpStatusCode.OK);

        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        Assert.Equal(["database", "migrations", "scheduler"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
        Assert.Equal("applied", checks.GetProperty("migrations").GetProperty("description").GetString());
        // The test apps run without the scheduler: nothing to wait for.
        Assert.Equal("scheduler off", checks.GetProperty("scheduler").GetProperty("description").GetString());
        Assert.True(checks.GetProperty("database").GetProperty("durationMs").GetDouble() >= 0);
    }

    [Fact]
    public async Task Ready_WithTheSchedulerOn_IsHealthy_OnceTheHeartbeatBeats()
    {
        await using var factory = new StudentHubWebFactory(database, new Dictionary<string, string?>
        {
            ["Scheduler:Enabled"] = "true",
            ["Scheduler:BeatSeconds"] = "1",
        });
        using var client = TestAccounts.AnonymousClient(factory);

        JsonElement scheduler = default;
        for (var waited = 0; waited < 40; waited++)
        {
            var body = await BodyAsync(await client.GetAsync("/health/ready"), HttpStatusCode.OK);
            scheduler = body.GetProperty("checks").GetProperty("scheduler");
            if (scheduler.GetProperty("description").GetString()!.StartsWith("the last beat ended"))
                break;
            await Task.Delay(250);
        }

        Assert.Equal("Healthy", scheduler.GetProperty("status").GetString());
        Assert.StartsWith("the last beat ended", scheduler.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Ready_Answers503_NamingTheDatabase_WithoutLeakingTheConnectionString_WhenTheDatabaseIsUnreachable()
    {
        const string password = "health-secret-pw";
        // Port 1: nothing listens, so the connection is refused at once. Only the checks get it: the app's start-up
        // (migrations, accounts) needs a database, and a database lost after start-up is the case that matters.
        await using var unreachable = NpgsqlDataSource.Create(
            $"Host=127.0.0.1;Port=1;Database=unreachable_db;Username=health;Password={password};Timeout=3");
        await using var app = new StudentHubWebFactory(database);
        await using var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(services => services
            .AddSingleton(new DatabaseHealthCheck(unreachable))
            .AddSingleton(new MigrationsHealthCheck(unreachable))));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/health/ready");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var databaseCheck = body.GetProperty("checks").GetProperty("database");
        Assert.Equal("Unhealthy", databaseCheck.GetProperty("status").GetString());
        Assert.Equal("unreachable", databaseCheck.GetProperty("description").GetString());
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("migrations").GetProperty("status").GetString());
        foreach (var secret in new[] { password, "unreachable_db", "127.0.0.1", "Host=", "Exception", " at " })
            Assert.DoesNotContain(secret, text);

        // Alive all the same: a database outage is no reason to restart the process.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }
}
