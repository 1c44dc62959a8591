using Bunit;
using Bunit.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StudentHub.Data;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Scheduler;
using StudentHub.Tests.Users;
using StudentHub.Web.DatabaseHealth;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.DatabaseHealth;

/// <summary>bunit for the database page: an admin, the test database, a backup folder of the test's own and a clock it moves.</summary>
public abstract class DatabasePageComponentTest : AdminComponentTest, IClassFixture<DatabaseFixture>
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    protected static readonly string[] Sections =
        ["connections", "cache-hit", "deadlocks", "backups", "long-running", "waiting", "partitions-ahead", "partitions", "tables", "unused-indexes", "maintenance"];

    private protected ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected string Backups { get; } = Directory.CreateTempSubdirectory("studenthub-dbpage-").FullName;

    /// <summary>With <paramref name="unreadablePartitions"/>, the partitions section's query fails, as a broken catalog would.</summary>
    protected DatabasePageComponentTest(DatabaseFixture database, bool unreadablePartitions) : base(database)
    {
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddOptions<BackupOptions>().Configure(o => o.Folder = Backups);
        Services.AddSingleton<BackupCatalog>();
        Services.AddDatabaseHealth();
        if (unreadablePartitions)
            Services.AddScoped<DatabaseStatistics, UnreadablePartitions>();
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        Directory.Delete(Backups, recursive: true);
    }

    private sealed class UnreadablePartitions(
        IDbContextFactory<StudentHubDbContext> contexts, BackupCatalog backups, IOptions<BackupOptions> options, TimeProvider clock)
        : DatabaseStatistics(contexts, backups, options, clock)
    {
        public override Task<List<PartitionRows>> PartitionsAsync(CancellationToken ct = default) =>
            throw new InvalidOperationException("partitions are unreadable");
    }
}

/// <summary>One section's query failing: its error shows in its place, and the rest of the page is read as usual.</summary>
public sealed class DatabasePageFailingSectionTests(DatabaseFixture database) : DatabasePageComponentTest(database, unreadablePartitions: true)
{
    [Fact]
    public void FailingSection_ShowsItsError_AndTheOthersStillRender()
    {
        var page = RenderWithProviders<DatabasePage>();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=section-loading]")), Patience);
        var error = Assert.Single(page.FindAll("[data-testid=section-error]"));
        Assert.Contains("partitions are unreadable", page.Find("[data-testid=partitions]").TextContent);
        Assert.Contains("Could not read this section", error.TextContent);
        Assert.Single(page.FindAll("[data-testid=table][data-name=students]"));
        Assert.NotEmpty(page.FindAll("[data-testid=connection-state]"));
    }
}

/// <summary>The admins' database page: every section read from the test database, each on its own, again on Refresh.</summary>
public sealed class DatabasePageTests(DatabaseFixture database) : DatabasePageComponentTest(database, unreadablePartitions: false)
{
    [Fact]
    public void Admin_SeesEverySection_WithNumbersFromTheDatabase()
    {
        var page = RenderWithProviders<DatabasePage>();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=section-loading]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=section-error]"));
        Assert.All(Sections, s => Assert.Single(page.FindAll($"[data-testid={s}]")));
        Assert.Single(page.FindAll("[data-testid=table][data-name=students]"));
        Assert.NotEmpty(page.FindAll("[data-testid=current-partition]"));
        Assert.Matches(@"^\d+ of [\d,]+ connections", page.Find("[data-testid=connections-total]").TextContent.Trim());
        Assert.Contains("since the statistics were reset", page.Find("[data-testid=deadlock-count]").TextContent);
        Assert.NotEmpty(page.FindAll("[data-testid=unused-index]"));
        Assert.Contains("No backups", page.Find("[data-testid=backups-warning]").TextContent);
    }

    [Fact]
    public void Refresh_ReadsEverySectionAgain()
    {
        var page = RenderWithProviders<DatabasePage>();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=section-loading]")), Patience);
        var firstRead = page.Find("[data-testid=read-at] time").GetAttribute("datetime");
        Assert.Empty(page.FindAll("[data-testid=backup]"));

        Clock.Now = Clock.Now.AddMinutes(3);
        var dump = Path.Combine(Backups, BackupCatalog.FileName(Clock.Now));
        File.WriteAllText(dump, "dump");
        File.SetLastWriteTimeUtc(dump, Clock.Now.UtcDateTime);
        Interact(page, () => page.Find("[data-testid=refresh]").Click());

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=backup]")), Patience);
        Assert.NotEqual(firstRead, page.Find("[data-testid=read-at] time").GetAttribute("datetime"));
        Assert.Empty(page.FindAll("[data-testid=backups-warning]"));
    }
}
