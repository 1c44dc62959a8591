using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StudentHub.Tests.Infrastructure;

/// <summary>The whole web app in memory, on the test class's own database, without demo data.</summary>
/// <param name="settings">Configuration over the defaults below (a test that wants the scheduler on, say).</param>
public sealed class StudentHubWebFactory(DatabaseFixture database, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    private readonly LogCollector _problems = new(LogLevel.Warning);

    /// <summary>What the app logged at warning level or above, for tests that promise a clean log.</summary>
    public IReadOnlyCollection<LogCollector.LoggedEntry> Problems => _problems.Entries;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:StudentHub", database.ConnectionString);
        builder.UseSetting("Database:SeedDemoDataWhenEmpty", "false");
        // The scheduler's tests drive the dispatcher themselves; a heartbeat here would run other classes' tasks.
        builder.UseSetting("Scheduler:Enabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddLogging(logging => logging.AddProvider(_problems)));
    }
}
