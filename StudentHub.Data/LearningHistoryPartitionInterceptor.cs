using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using StudentHub.Data.Entities;

namespace StudentHub.Data;

/// <summary>
/// Before an event is stored, makes sure its month has a partition, so that no event is ever refused for its
/// month. There is deliberately no DEFAULT partition: it would stop the planner's ordered, early-stopping
/// scan over the monthly partitions that the timeline relies on.
/// </summary>
public sealed class LearningHistoryPartitionInterceptor : SaveChangesInterceptor
{
    // Months known to have a partition in a given database; a miss costs one idempotent function call.
    private static readonly ConcurrentDictionary<(string Database, DateOnly Month), bool> KnownMonths = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
            await EnsurePartitionsAsync(context, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
            EnsurePartitionsAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public static DateOnly MonthOf(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new DateOnly(utc.Year, utc.Month, 1);
    }

    private static async Task EnsurePartitionsAsync(DbContext context, CancellationToken ct)
    {
        var months = context.ChangeTracker.Entries<LearningEvent>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => MonthOf(e.Entity.OccurredAt))
            .Distinct()
            .ToList();
        if (months.Count == 0)
            return;

        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        var database = connection.Host + ":" + connection.Port + "/" + connection.Database;
        var missing = months.Where(m => !KnownMonths.ContainsKey((database, m))).ToList();
        if (missing.Count == 0)
            return;

        var wasClosed = connection.State != System.Data.ConnectionState.Open;
        if (wasClosed)
            await connection.OpenAsync(ct);
        try
        {
            foreach (var month in missing)
            {
                await StudentHubDatabase.EnsurePartitionAsync(connection, month, ct);
                // Inside a caller's transaction the partition may yet be rolled back: remember it only when committed.
                if (context.Database.CurrentTransaction is null)
                    KnownMonths[(database, month)] = true;
            }
        }
        finally
        {
            if (wasClosed)
                await connection.CloseAsync();
        }
    }
}
