using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StudentHub.Web.Health;

public static class HealthExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    private const string ReadyTag = "ready";

    /// <summary>The readiness checks (database, migrations, scheduler heartbeat) and the app's metrics (<see cref="StudentHubMetrics"/>).</summary>
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<StudentHubMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitMetricsHandler>());
        services.AddSingleton<SchedulerBeats>();
        // A singleton, so that the "applied" answer it remembers lasts.
        services.AddSingleton<MigrationsHealthCheck>();

        var timeout = TimeSpan.FromSeconds(5);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: timeout)
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag], timeout: timeout)
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// <c>/health/live</c> (the process answers; no check) and <c>/health/ready</c> (every check): 200 or 503 with a JSON
    /// body. Anonymous and never rate limited: load balancers and orchestrators call them, every few seconds.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        // Made now, at start-up, so that the scheduler check's grace before a first beat counts from here.
        app.ServiceProvider.GetRequiredService<SchedulerBeats>();

        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync })
            .AllowAnonymous()
            .DisableRateLimiting();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag), ResponseWriter = HealthResponse.WriteAsync })
            .AllowAnonymous()
            .DisableRateLimiting();
        return app;
    }
}
