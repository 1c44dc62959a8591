using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StudentHub.Data;

namespace StudentHub.Web.Health;

/// <summary>The database answers a trivial query, through the app's own connection pool.</summary>
/// <remarks>The description is fixed: the exception (kept for the log) can name the server, which the public response must not.</remarks>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("reachable");
        }
        // Any failure is the answer (unhealthy), not an error of the probe.
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("unreachable", e);
        }
    }
}

/// <summary>
/// Every migration this build knows is applied. Asked of the database until the answer is yes, then remembered:
/// migrations only come with a new build, that is a new process, so a probe every few seconds costs one query only.
/// </summary>
/// <remarks>
/// A plain context over the app's data source, not the app's (scoped, audited) context factory: a singleton keeps the
/// answer, and reading the migrations history audits nothing.
/// </remarks>
public sealed class MigrationsHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    private volatile bool _applied;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_applied)
            return HealthCheckResult.Healthy("applied");
        try
        {
            await using var db = new StudentHubDbContext(StudentHubDatabase.Options(dataSource));
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            if (pending > 0)
                return HealthCheckResult.Unhealthy($"{pending} pending");
            _applied = true;
            return HealthCheckResult.Healthy("applied");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("unknown: the database is unreachable", e);
        }
    }
}
