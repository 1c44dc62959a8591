using System.Diagnostics;
using Npgsql;

namespace StudentHub.Benchmarks;

/// <summary>How the benchmark's tasks were made: how many of each status, and how long the insert and ANALYZE took.</summary>
internal sealed record TaskShape(long Active, long Paused, long Completed, long PerStudent, long Bytes, TimeSpan Inserted, TimeSpan Analyzed)
{
    public long Total => Active + Paused + Completed;

    /// <summary>The database's other active tasks (the demo seeder's), paused so that the dispatchers run only the benchmark's.</summary>
    public int SetAside { get; init; }
}

/// <summary>
/// The scheduler benchmark's tasks, made in one <c>INSERT … SELECT FROM generate_series</c> and remade on every run
/// (a few seconds): the timed phases change them, so a kept database cannot be reused as it was left.
/// </summary>
/// <remarks>
/// Their task types start with <see cref="TypePrefix"/>, so that only they are deleted and remade; the app's own
/// tasks (the built-in ones, if the database has run the app) are left alone, and no handler of the app runs.
/// </remarks>
internal static class SchedulerData
{
    public const string TypePrefix = "bench_";

    /// <summary>The task types made, each handled by the benchmark's no-op handler.</summary>
    public static readonly string[] TaskTypes =
        [TypePrefix + "daily_report", TypePrefix + "weekly_analytics", TypePrefix + "reminder", TypePrefix + "sync", TypePrefix + "one_time_export"];

    /// <summary>The condition on <c>scheduled_tasks</c> that picks the benchmark's own tasks.</summary>
    public const string OwnTasks = "task_type LIKE 'bench\\_%'";

    /// <summary>
    /// 80% active (cron and interval schedules, the next run spread over the coming four weeks, starting an hour from
    /// now so that none falls due while the benchmark runs), 10% paused (their next run kept, some with a resume time
    /// weeks ahead), 10% completed one-time tasks (no next run). Per-student report tasks for three in five, spread
    /// over the students; the rest global. Ids are derived from the row number, so that every run makes the same tasks.
    /// </summary>
    public static async Task<TaskShape> MakeAsync(NpgsqlDataSource dataSource, int tasks, DateTimeOffset now, ILogger logger, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var stopwatch = Stopwatch.StartNew();
        // Cascades to their runs.
        await ExecuteAsync(connection, $"DELETE FROM scheduled_tasks WHERE {OwnTasks}", ct);
        await using (var insert = new NpgsqlCommand(
            $$"""
            WITH s AS (SELECT array_agg(id ORDER BY id) AS ids FROM students),
            g AS (
                SELECT g,
                       CASE WHEN g % 20 IN (0, 1) THEN 'paused' WHEN g % 20 IN (2, 3) THEN 'completed' ELSE 'active' END AS status,
                       -- a pseudo-random second in the coming four weeks, after the first hour
                       $1::timestamptz + interval '1 hour' + ((g::bigint * 7919) % (27 * 86400)) * interval '1 second' AS ahead
                FROM generate_series(1, $2) g)
            INSERT INTO scheduled_tasks (id, student_id, task_type, schedule_type, cron_expression, config, status, next_run_at, last_run_at, created_at)
            SELECT md5('bench-task-' || g)::uuid,
                   CASE WHEN g % 5 < 3 AND cardinality(s.ids) > 0 THEN s.ids[1 + (g * 31) % cardinality(s.ids)] END,
                   '{{TypePrefix}}' || CASE WHEN status = 'completed' THEN 'one_time_export' WHEN g % 5 < 2 THEN 'daily_report'
                                          WHEN g % 5 = 2 THEN 'weekly_analytics' WHEN g % 5 = 3 THEN 'reminder' ELSE 'sync' END,
                   CASE WHEN status = 'completed' THEN 'one_time' WHEN g % 5 < 3 THEN 'cron' ELSE 'interval' END,
                   CASE WHEN status = 'completed' THEN NULL WHEN g % 5 < 2 THEN '0 9 * * *' WHEN g % 5 < 3 THEN '0 8 * * 1' END,
                   CASE WHEN status <> 'completed' AND g % 5 < 3 THEN jsonb_build_object('timezone', 'Asia/Seoul', 'report_format', 'pdf')
                        WHEN status <> 'completed' THEN jsonb_build_object('interval_seconds', (1 + g % 24) * 3600)
                        ELSE '{}'::jsonb END
                   || CASE WHEN status = 'paused' THEN jsonb_build_object('paused_reason', 'Exam week') ELSE '{}'::jsonb END
                   || CASE WHEN status = 'paused' AND g % 40 = 0
                           THEN jsonb_build_object('resume_at', $1::timestamptz + interval '30 days' + (g % 30) * interval '1 day')
                           ELSE '{}'::jsonb END,
                   status,
                   CASE WHEN status = 'completed' THEN NULL ELSE ahead END,
                   CASE WHEN status = 'completed' THEN $1::timestamptz - (1 + g % 60) * interval '1 day' END,
                   $1::timestamptz - interval '1 day' - (g % 365) * interval '1 day'
            FROM g, s
            """, connection))
        {
            insert.CommandTimeout = 0;
            insert.Parameters.AddWithValue(now);
            insert.Parameters.AddWithValue(tasks);
            await insert.ExecuteNonQueryAsync(ct);
        }
        var inserted = stopwatch.Elapsed;
        logger.LogInformation("Made {Tasks:N0} scheduled tasks in {Elapsed}", tasks, inserted);

        stopwatch.Restart();
        await ExecuteAsync(connection, "VACUUM (ANALYZE) scheduled_tasks, task_runs", ct);
        var analyzed = stopwatch.Elapsed;

        await using var shape = new NpgsqlCommand(
            $"""
            SELECT count(*) FILTER (WHERE status = 'active'), count(*) FILTER (WHERE status = 'paused'),
                   count(*) FILTER (WHERE status = 'completed'), count(student_id), pg_total_relation_size('scheduled_tasks')
            FROM scheduled_tasks WHERE {OwnTasks}
            """, connection);
        await using var reader = await shape.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new TaskShape(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), inserted, analyzed);
    }

    /// <summary>
    /// Sets aside the tasks that are not the benchmark's (the demo seeder makes two) by pausing them, so that the
    /// dispatchers run only the benchmark's; returns how many. A database whose other tasks have run is an app's
    /// database, given by mistake: refused, before anything is changed.
    /// </summary>
    public static async Task<int> PauseOthersAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var ran = new NpgsqlCommand(
            $"SELECT count(*) FROM task_runs r JOIN scheduled_tasks t ON t.id = r.task_id WHERE NOT ({OwnTasks})", connection))
        {
            if ((long)(await ran.ExecuteScalarAsync(ct))! is > 0 and var runs)
                throw new InvalidOperationException(
                    $"The database's own scheduled tasks have {runs:N0} runs: it is an app's database. The benchmark makes " +
                    "and drains due tasks, so give it a database of its own (or none, for a local cluster).");
        }
        await using var pause = new NpgsqlCommand(
            $$"""
            UPDATE scheduled_tasks SET status = 'paused', config = config || '{"paused_reason": "Set aside by the scheduler benchmark"}'
            WHERE NOT ({{OwnTasks}}) AND status = 'active'
            """, connection);
        return await pause.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Makes the first <paramref name="count"/> active tasks (in id order, so the same ones every time) due, a
    /// millisecond apart in the ten minutes before <paramref name="now"/>, with no run in flight; the others keep
    /// their runs weeks ahead. The earlier due ones are among them, so exactly <paramref name="count"/> are due.
    /// </summary>
    public static async Task MakeDueAsync(NpgsqlDataSource dataSource, int count, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE scheduled_tasks t SET next_run_at = $1::timestamptz - interval '10 minutes' + d.n * interval '1 ms',
                celery_task_id = NULL, retry_count = 0, retry_scheduled_for = NULL
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM scheduled_tasks
                  WHERE {OwnTasks} AND status = 'active' ORDER BY id LIMIT $2) d
            WHERE t.id = d.id
            """, connection);
        command.CommandTimeout = 0;
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(count);
        var made = await command.ExecuteNonQueryAsync(ct);
        if (made != count)
            throw new InvalidOperationException($"Only {made:N0} active tasks to make due, not {count:N0}: give more --tasks.");
    }

    public static async Task AnalyzeAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, "ANALYZE scheduled_tasks", ct);
    }

    /// <summary>Active tasks due at <paramref name="now"/> and not claimed: what the dispatcher would still claim.</summary>
    public static async Task<long> DueAsync(NpgsqlDataSource dataSource, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM scheduled_tasks WHERE {OwnTasks} AND status = 'active' AND next_run_at <= $1 AND celery_task_id IS NULL", connection);
        command.Parameters.AddWithValue(now);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Undoes a claim: deletes its runs and frees its tasks, so that the next claim finds the same tasks due.</summary>
    public static async Task UnclaimAsync(NpgsqlDataSource dataSource, Guid[] runIds, Guid[] taskIds, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("DELETE FROM task_runs WHERE id = ANY($1)") { Parameters = { new() { Value = runIds } } },
                new NpgsqlBatchCommand("UPDATE scheduled_tasks SET celery_task_id = NULL WHERE id = ANY($1)") { Parameters = { new() { Value = taskIds } } },
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }
}
