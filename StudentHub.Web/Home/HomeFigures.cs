using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Home;

/// <summary>The live figures on the home page.</summary>
public sealed record HomeFigureSet(
    long Students,
    long LearningEvents,
    bool LearningEventsEstimated,
    long ActiveInterventions,
    long ActiveScheduledTasks,
    int Partitions,
    string? FirstPartition,
    string? LastPartition);

public sealed class HomeFigures(IDbContextFactory<StudentHubDbContext> contextFactory)
{
    // Above this many rows an exact count(*) of learning_history costs seconds; the planner's estimate is enough at a glance.
    private const long ExactCountLimit = 2_000_000;

    public async Task<HomeFigureSet> LoadAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var partitions = await db.Database.SqlQueryRaw<string>("""
            SELECT c.relname::text AS "Value"
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.learning_history'::regclass
            ORDER BY c.relname
            """).ToListAsync(ct);
        var estimate = await db.Database.SqlQueryRaw<long>("""
            SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint AS "Value"
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.learning_history'::regclass
            """).SingleAsync(ct);
        var estimated = estimate > ExactCountLimit;
        var events = estimated ? estimate : await db.LearningHistory.LongCountAsync(ct);

        return new HomeFigureSet(
            await db.Students.LongCountAsync(ct),
            events,
            estimated,
            await db.Interventions.LongCountAsync(i => i.Status == InterventionStatus.Active, ct),
            await db.ScheduledTasks.LongCountAsync(t => t.Status == ScheduledTaskStatus.Active, ct),
            partitions.Count,
            partitions.FirstOrDefault(),
            partitions.LastOrDefault());
    }
}

public static class HomeExtensions
{
    public static IServiceCollection AddHome(this IServiceCollection services) =>
        services.AddScoped<HomeFigures>();
}
