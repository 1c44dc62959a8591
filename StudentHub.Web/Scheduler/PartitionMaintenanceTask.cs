using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StudentHub.Data;

namespace StudentHub.Web.Scheduler;

/// <summary>What a run of <see cref="PartitionMaintenance"/> would do, or did: partitions made, and partitions archived.</summary>
public sealed record PartitionMaintenanceReport(IReadOnlyList<string> Made, IReadOnlyList<string> Archived);

/// <summary>
/// The monthly upkeep of <c>learning_history</c>: the current month's partition and the six after it are made
/// (<c>create_learning_history_partition</c>, idempotent), and partitions older than two years are detached and moved to
/// schema <c>archive</c> (<c>archive_old_learning_history_partitions()</c>). <see cref="PlanAsync"/> is the dry run the
/// dashboard shows; it changes nothing.
/// </summary>
/// <remarks>
/// The archive cutoff is the function's own SQL expression (<c>CURRENT_DATE - INTERVAL '2 years'</c>, by name), so the
/// plan lists exactly what the run then moves. The months to make are counted from today in UTC, as partition bounds are.
/// </remarks>
public sealed class PartitionMaintenance(IDbContextFactory<StudentHubDbContext> contexts, TimeProvider clock)
{
    public const string TaskType = "partition_maintenance";

    /// <summary>Months made ahead of the current one.</summary>
    public const int MonthsAhead = 6;

    private const string ArchivableSql = """
        SELECT c.relname AS "Value"
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE i.inhparent = 'public.learning_history'::regclass
            AND n.nspname = 'public'
            AND c.relname LIKE 'learning_history_20%'
            AND c.relname < 'learning_history_' || TO_CHAR(CURRENT_DATE - INTERVAL '2 years', 'YYYY_MM')
        ORDER BY c.relname
        """;

    /// <summary>The partitions a run would make and those it would archive, without changing anything.</summary>
    public async Task<PartitionMaintenanceReport> PlanAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return new PartitionMaintenanceReport(await MissingAsync(db, ct), await db.Database.SqlQueryRaw<string>(ArchivableSql).ToListAsync(ct));
    }

    public async Task<PartitionMaintenanceReport> RunAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var missing = await MissingAsync(db, ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // Every month, not only the missing ones: the function is idempotent and takes a lock, so a partition another
        // instance or an ingest is making meanwhile is simply found made.
        foreach (var month in Months())
            await StudentHubDatabase.EnsurePartitionAsync(connection, month, ct);

        // The list and the move in one transaction, so the names reported are the ones the function moved.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var archivable = await db.Database.SqlQueryRaw<string>(ArchivableSql).ToListAsync(ct);
        await db.Database.ExecuteSqlRawAsync("SELECT archive_old_learning_history_partitions()", ct);
        var archived = await db.Database.SqlQuery<string>($"""
            SELECT c.relname AS "Value"
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'archive' AND c.relname = ANY({archivable.ToArray()})
            ORDER BY c.relname
            """).ToListAsync(ct);
        await transaction.CommitAsync(ct);
        return new PartitionMaintenanceReport(missing, archived);
    }

    /// <summary>The first day of the current month (UTC) and of each of the <see cref="MonthsAhead"/> after it.</summary>
    public IReadOnlyList<DateOnly> Months()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = new DateOnly(today.Year, today.Month, 1);
        return Enumerable.Range(0, MonthsAhead + 1).Select(first.AddMonths).ToList();
    }

    public static string PartitionName(DateOnly month) => $"learning_history_{month:yyyy_MM}";

    private async Task<List<string>> MissingAsync(StudentHubDbContext db, CancellationToken ct)
    {
        var names = Months().Select(PartitionName).ToArray();
        var existing = await db.Database.SqlQuery<string>($"""
            SELECT name AS "Value" FROM unnest({names}) AS name WHERE to_regclass('public.' || quote_ident(name)) IS NOT NULL
            """).ToListAsync(ct);
        return names.Except(existing).ToList();
    }
}

/// <summary>The scheduled task type <c>partition_maintenance</c>: one run of <see cref="PartitionMaintenance"/>; output <c>made</c>, <c>archived</c>.</summary>
public sealed class PartitionMaintenanceTask(PartitionMaintenance maintenance) : ITaskHandler
{
    public async Task<Dictionary<string, JsonElement>?> RunAsync(TaskRunContext run, CancellationToken ct) =>
        TaskOutput.From(await maintenance.RunAsync(ct));
}
