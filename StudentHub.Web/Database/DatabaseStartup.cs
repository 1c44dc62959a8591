using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentHub.Data;
using StudentHub.Web.Demo;

namespace StudentHub.Web.Database;

/// <summary>On start-up: applies migrations (unless turned off) and, on an empty embedded database, seeds demo data.</summary>
public sealed class DatabaseStartup(
    IServiceScopeFactory scopeFactory,
    IOptions<DatabaseOptions> options,
    IConfiguration configuration,
    DemoDataSeeder seeder,
    IServiceProvider services,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<StudentHubDbContext>>()
            .CreateDbContextAsync(cancellationToken);
        if (options.Value.MigrateOnStartup)
            await MigrateAsync(db, logger, cancellationToken);

        var isEmbedded = services.GetService<EmbeddedDatabase>() is not null;
        if ((options.Value.SeedDemoDataWhenEmpty ?? isEmbedded) && !await db.Students.AnyAsync(cancellationToken))
        {
            logger.LogInformation("The database has no students: seeding demo data");
            await seeder.SeedAsync(DemoDataOptionsFrom(configuration), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The <c>DemoData</c> section (<c>Students</c>, <c>EventsPerStudent</c>), else the seeder's defaults.</summary>
    public static DemoDataOptions DemoDataOptionsFrom(IConfiguration configuration) =>
        configuration.GetSection("DemoData").Get<DemoDataOptions>() ?? new DemoDataOptions();

    public static async Task MigrateAsync(StudentHubDbContext db, ILogger logger, CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count == 0)
            return;
        logger.LogInformation("Applying migrations: {Migrations}", string.Join(", ", pending));
        await db.Database.MigrateAsync(ct);
    }
}
