using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Demo;
using StudentHub.Web.Ingest;
using StudentHub.Web.Security;
using StudentHub.Web.Students;
using StudentHub.Web.Timeline;

namespace StudentHub.Benchmarks;

/// <summary>The app's services a benchmark times, registered as StudentHub.Web registers them, plus the SQL capture.</summary>
internal static class BenchmarkServices
{
    /// <summary>One line per event on the console, the app's progress at Information and EF Core and Npgsql only when something is wrong.</summary>
    public static ILoggerFactory Loggers() => LoggerFactory.Create(b => b
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning)
        // Migrating a fresh database logs a failed read of the (not yet created) history table as an error; a real failure throws.
        .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Critical)
        .AddFilter("Npgsql", LogLevel.Warning));

    /// <param name="configure">More of the app's services a benchmark needs (the scheduler benchmark adds the dispatcher).</param>
    public static ServiceProvider Create(
        string connectionString, ILoggerFactory loggers, CommandCapture capture, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggers);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        // As StudentHub.Web's AddStudentHubDatabase and AddStudentHubSecurity register them, plus the capture.
        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(loggers).Build());
        services.AddDbContextFactory<StudentHubDbContext>(
            (sp, db) => db
                .UseStudentHub(sp.GetRequiredService<NpgsqlDataSource>())
                .AddInterceptors(new AuditInterceptor(sp.GetRequiredService<IAuditActor>()), capture),
            ServiceLifetime.Scoped);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<IAuditActor>(sp => sp.GetRequiredService<CurrentUser>());
        services.AddScoped<SchoolScope>();
        services.AddSingleton(TimeProvider.System);
        services.AddDemoData();
        services.AddStudents();
        services.AddTimeline();
        services.AddScoped<IngestKeys>();
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public static ClaimsPrincipal AdminPrincipal() => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "benchmark"),
            new Claim(ClaimTypes.Name, "benchmark@studenthub.local"),
            new Claim(ClaimTypes.Role, Roles.Admin),
        ],
        authenticationType: "Benchmark"));
}
