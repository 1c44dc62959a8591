using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentHub.Data;
using StudentHub.Web.Scheduler;

namespace StudentHub.Web.DatabaseHealth;

/// <summary>A table of schema <c>public</c> (partitions included) with its own size and its indexes' size, in bytes.</summary>
public sealed record TableSize(string Name, long TableBytes, long IndexBytes, long TotalBytes);

/// <summary>A partition of <c>learning_history</c>; <see cref="EstimatedRows"/> is the planner's estimate, null before the first analyze.</summary>
public sealed record PartitionRows(string Schema, string Name, long? EstimatedRows, long Bytes)
{
    public bool Archived => Schema == DatabaseStatistics.ArchiveSchema;
}

/// <summary>The months after the current one that already have a partition.</summary>
public sealed record PartitionsAhead(int Months, string? Furthest)
{
    public bool TooFew => Months < PartitionMaintenance.MonthsAhead;
}

public sealed record ConnectionState(string State, long Count);

/// <summary>The server's client connections by state, against <c>max_connections</c> (server-wide).</summary>
public sealed record ConnectionCounts(IReadOnlyList<ConnectionState> States, int MaxConnections)
{
    public long Total => States.Sum(s => s.Count);
}

/// <summary>A query of this database waiting for a lock, and the backends holding it.</summary>
public sealed record WaitingQuery(int Pid, double WaitedSeconds, string? WaitEvent, int[] BlockedBy, string Query);

/// <summary>A query of this database that has been active longer than <see cref="DatabaseStatistics.LongRunning"/>.</summary>
public sealed record LongRunningQuery(int Pid, double Seconds, string State, string Query);

/// <summary>Deadlocks in this database since its statistics were reset (null reset: since the cluster was made).</summary>
public sealed record DeadlockCount(long Deadlocks, DateTimeOffset? StatsReset);

/// <summary>Heap blocks found in shared buffers against those read from disk; <see cref="Ratio"/> is null before any read.</summary>
public sealed record CacheHitRatio(long Hits, long Reads)
{
    /// <summary>The design document's line: below it, memory is too small for the working set.</summary>
    public const double Recommended = 0.95;

    public double? Ratio => Hits + Reads == 0 ? null : (double)Hits / (Hits + Reads);

    public bool Healthy => Ratio is not { } ratio || ratio >= Recommended;
}

/// <summary>An index never scanned since the statistics were reset, other than those backing a primary key or unique constraint.</summary>
public sealed record UnusedIndex(string Table, string Index, long Bytes);

public sealed record TableMaintenance(
    string Table, DateTimeOffset? LastVacuum, DateTimeOffset? LastAutovacuum, DateTimeOffset? LastAnalyze, DateTimeOffset? LastAutoanalyze);

/// <summary>The dumps of <c>database_backup</c>, newest first, and whether the newest is too old (or missing).</summary>
public sealed record BackupStatus(IReadOnlyList<BackupFile> Files, int KeepDays)
{
    /// <summary>A daily backup plus slack for a slow run.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(26);

    public bool Stale => Files.Count == 0 || Files[0].Age > MaxAge;
}

/// <summary>
/// The admin's view of the database (the design document's appendix A and B): one read-only query per section, each
/// on its own context, so that the page can load them independently and one failing leaves the others shown.
/// </summary>
/// <remarks>Methods are virtual so a test can make one section fail.</remarks>
public class DatabaseStatistics(
    IDbContextFactory<StudentHubDbContext> contexts, BackupCatalog backups, IOptions<BackupOptions> backupOptions, TimeProvider clock)
{
    public const string ArchiveSchema = "archive";

    /// <summary>How long a query runs before it is listed as long-running.</summary>
    public static readonly TimeSpan LongRunning = TimeSpan.FromSeconds(5);

    private const int QueryChars = 200;

    public virtual Task<List<TableSize>> TablesAsync(CancellationToken ct = default) => QueryAsync(db => db.Database.SqlQueryRaw<TableSize>("""
        SELECT c.relname AS name,
               pg_table_size(c.oid) AS table_bytes,
               pg_indexes_size(c.oid) AS index_bytes,
               pg_total_relation_size(c.oid) AS total_bytes
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        ORDER BY pg_total_relation_size(c.oid) DESC, c.relname
        """), ct);

    /// <summary>Current partitions (attached to <c>learning_history</c>), then archived ones (detached into schema <c>archive</c>), each by name.</summary>
    public virtual Task<List<PartitionRows>> PartitionsAsync(CancellationToken ct = default) => QueryAsync(db => db.Database.SqlQueryRaw<PartitionRows>("""
        SELECT n.nspname AS schema, c.relname AS name,
               CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END AS estimated_rows,
               pg_total_relation_size(c.oid) AS bytes
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r'
            AND (c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'public.learning_history'::regclass)
                 OR (n.nspname = 'archive' AND c.relname LIKE 'learning\_history\_%'))
        ORDER BY n.nspname = 'archive', c.relname
        """), ct);

    /// <summary>Partitions named for a month after the current one (UTC, as <see cref="PartitionMaintenance"/> counts).</summary>
    public virtual async Task<PartitionsAhead> PartitionsAheadAsync(CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var current = PartitionMaintenance.PartitionName(new DateOnly(today.Year, today.Month, 1));
        var ahead = await QueryAsync(db => db.Database.SqlQuery<string>($"""
            SELECT c.relname AS "Value"
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.learning_history'::regclass
                AND c.relname ~ '^learning_history_[0-9]+_[0-9]+$' AND c.relname > {current}
            ORDER BY c.relname
            """), ct);
        return new PartitionsAhead(ahead.Count, ahead.LastOrDefault());
    }

    public virtual async Task<ConnectionCounts> ConnectionsAsync(CancellationToken ct = default)
    {
        var rows = await QueryAsync(db => db.Database.SqlQueryRaw<ConnectionRow>("""
            SELECT coalesce(a.state, 'unknown') AS state, count(a.pid) AS count, current_setting('max_connections')::int AS max_connections
            FROM pg_stat_activity a
            WHERE a.backend_type = 'client backend'
            GROUP BY a.state
            ORDER BY count(a.pid) DESC, 1
            """), ct);
        // Never empty in practice: this very query is a client connection.
        return new ConnectionCounts(rows.Select(r => new ConnectionState(r.State, r.Count)).ToList(), rows.FirstOrDefault()?.MaxConnections ?? 0);
    }

    public virtual Task<List<WaitingQuery>> WaitingQueriesAsync(CancellationToken ct = default) => QueryAsync(db => db.Database.SqlQuery<WaitingQuery>($"""
        SELECT a.pid, extract(epoch FROM now() - a.state_change)::float8 AS waited_seconds, a.wait_event,
               pg_blocking_pids(a.pid) AS blocked_by, left(a.query, {QueryChars}) AS query
        FROM pg_stat_activity a
        WHERE a.datname = current_database() AND a.wait_event_type = 'Lock'
        ORDER BY a.state_change
        """), ct);

    public virtual Task<List<LongRunningQuery>> LongRunningQueriesAsync(CancellationToken ct = default) => QueryAsync(db => db.Database.SqlQuery<LongRunningQuery>($"""
        SELECT a.pid, extract(epoch FROM now() - a.query_start)::float8 AS seconds, a.state, left(a.query, {QueryChars}) AS query
        FROM pg_stat_activity a
        WHERE a.datname = current_database() AND a.state = 'active' AND a.pid <> pg_backend_pid()
            AND now() - a.query_start > {LongRunning}
        ORDER BY a.query_start
        """), ct);

    public virtual async Task<DeadlockCount> DeadlocksAsync(CancellationToken ct = default) =>
        (await QueryAsync(db => db.Database.SqlQueryRaw<DeadlockCount>("""
            SELECT d.deadlocks, d.stats_reset FROM pg_stat_database d WHERE d.datname = current_database()
            """), ct)).Single();

    public virtual async Task<CacheHitRatio> CacheHitRatioAsync(CancellationToken ct = default) =>
        (await QueryAsync(db => db.Database.SqlQueryRaw<CacheHitRatio>("""
            SELECT coalesce(sum(heap_blks_hit), 0)::bigint AS hits, coalesce(sum(heap_blks_read), 0)::bigint AS reads FROM pg_statio_user_tables
            """), ct)).Single();

    /// <summary>Largest first; indexes that enforce a constraint are kept even unscanned, so they are left out.</summary>
    public virtual Task<List<UnusedIndex>> UnusedIndexesAsync(CancellationToken ct = default) => QueryAsync(db => db.Database.SqlQueryRaw<UnusedIndex>("""
        SELECT s.relname AS "table", s.indexrelname AS "index", pg_relation_size(s.indexrelid) AS bytes
        FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
        WHERE s.schemaname = 'public' AND s.idx_scan = 0 AND NOT i.indisprimary AND NOT i.indisunique
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = s.indexrelid)
        ORDER BY pg_relation_size(s.indexrelid) DESC, s.indexrelname
        """), ct);

    public virtual Task<List<TableMaintenance>> MaintenanceAsync(CancellationToken ct = default) => QueryAsync(db => db.Database.SqlQueryRaw<TableMaintenance>("""
        SELECT s.relname AS "table", s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze
        FROM pg_stat_user_tables s
        WHERE s.schemaname = 'public'
        ORDER BY s.relname
        """), ct);

    public virtual async Task<BackupStatus> BackupsAsync(CancellationToken ct = default) =>
        new(await backups.ListAsync(ct), backupOptions.Value.KeepDays);

    private async Task<List<T>> QueryAsync<T>(Func<StudentHubDbContext, IQueryable<T>> query, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await query(db).ToListAsync(ct);
    }

    private sealed record ConnectionRow(string State, long Count, int MaxConnections);
}
