using Microsoft.EntityFrameworkCore;
using Npgsql;
using StudentHub.Data;

namespace StudentHub.Web.Database;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the database: <c>ConnectionStrings:StudentHub</c> when set, else the embedded PostgreSQL.
    /// Throws <see cref="EmbeddedDatabaseUnavailableException"/> when neither is possible.
    /// </summary>
    public static WebApplicationBuilder AddStudentHubDatabase(this WebApplicationBuilder builder) =>
        builder.AddStudentHubDatabase(LocalPostgresCluster.FindServerBinaries);

    internal static WebApplicationBuilder AddStudentHubDatabase(this WebApplicationBuilder builder, Func<string?> findServerBinaries)
    {
        var section = builder.Configuration.GetSection(DatabaseOptions.Section);
        builder.Services.Configure<DatabaseOptions>(section);
        var options = section.Get<DatabaseOptions>() ?? new DatabaseOptions();

        var configured = builder.Configuration.GetConnectionString("StudentHub");
        if (string.IsNullOrWhiteSpace(configured))
        {
            var binaries = findServerBinaries() ?? throw new EmbeddedDatabaseUnavailableException();
            builder.Services.AddSingleton(sp => new EmbeddedDatabase(
                new LocalPostgresCluster(
                    options.Embedded.ResolveDataDirectory(),
                    options.Embedded.Port,
                    binaries,
                    sp.GetRequiredService<ILogger<LocalPostgresCluster>>()),
                options.Embedded.DatabaseName));
        }

        builder.Services.AddSingleton(sp => new NpgsqlDataSourceBuilder(
                string.IsNullOrWhiteSpace(configured) ? sp.GetRequiredService<EmbeddedDatabase>().ConnectionString : configured)
            .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
            .Build());
        // Scoped, so that each context's audit interceptor knows who is acting in this circuit or request.
        builder.Services.AddDbContextFactory<StudentHubDbContext>(
            (sp, db) => db
                .UseStudentHub(sp.GetRequiredService<NpgsqlDataSource>())
                .AddInterceptors(new AuditInterceptor(sp.GetRequiredService<IAuditActor>())),
            ServiceLifetime.Scoped);
        builder.Services.AddHostedService<DatabaseStartup>();
        return builder;
    }
}
