using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;
using StudentHub.Data;
using StudentHub.Web.Activity;
using StudentHub.Web.Health;

namespace StudentHub.Web.Ingest;

/// <summary>What became of a batch that was read.</summary>
public abstract record IngestOutcome
{
    /// <summary>Stored (200): in partial mode <see cref="IngestResult.Rejected"/> lists what was left out.</summary>
    public sealed record Stored(IngestResult Result) : IngestOutcome;

    /// <summary>Refused whole for bad events (422); nothing stored.</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors, int Bad, int Count) : IngestOutcome;

    /// <summary>Refused whole for event ids reused with different content (409); nothing stored.</summary>
    public sealed record Conflict(Dictionary<string, string[]> Errors) : IngestOutcome;
}

/// <summary>
/// Writes a batch into <c>learning_history</c>: checks that its students exist, makes the monthly partitions it
/// needs, then in one transaction binary-COPYs it into a temporary staging table and inserts from there, so a
/// retried event (same <c>event_id</c> and <c>occurred_at</c>) is stored once and a reused id with different
/// content is found. The key's last use and counters change in the same transaction.
/// </summary>
public sealed class EventIngestor(NpgsqlDataSource dataSource, ActivityNotifier activity, StudentHubMetrics metrics, ILogger<EventIngestor> logger)
{
    // Months whose partition this process has made or found, so that a steady stream of batches for the current
    // month costs no round trip for it. Forgotten when an insert finds no partition (one was archived meanwhile).
    private readonly ConcurrentDictionary<DateOnly, bool> _partitionsMade = new();

    private const string CreateStaging = """
        CREATE TEMP TABLE ingest_staging (
            idx int NOT NULL,
            event_id uuid,
            occurred_at timestamptz NOT NULL,
            student_id uuid NOT NULL,
            event_type varchar(50) NOT NULL,
            source_id varchar(255),
            content jsonb NOT NULL
        ) ON COMMIT DROP
        """;

    private const string CopyStaging =
        "COPY ingest_staging (idx, event_id, occurred_at, student_id, event_type, source_id, content) FROM STDIN (FORMAT BINARY)";

    // Events of one batch that share an event_id and occurred_at but not their content: jsonb equality ignores
    // key order and spacing, so a node that re-serializes an event differently still sends "the same" event.
    private const string ConflictsWithinBatch = """
        SELECT DISTINCT a.idx
        FROM ingest_staging a
        JOIN ingest_staging b ON b.event_id = a.event_id AND b.occurred_at = a.occurred_at AND b.idx <> a.idx
        WHERE (a.student_id, a.event_type, a.source_id, a.content) IS DISTINCT FROM (b.student_id, b.event_type, b.source_id, b.content)
        """;

    // Ordered by the unique key, so two batches that overlap take its index entries in the same order: they wait
    // for each other instead of deadlocking. Events without an event_id (NULL) never conflict.
    private const string Insert = """
        INSERT INTO learning_history (event_id, occurred_at, student_id, event_type, source_node, source_id, content)
        SELECT event_id, occurred_at, student_id, event_type, $1, source_id, content
        FROM ingest_staging
        ORDER BY event_id, occurred_at, idx
        ON CONFLICT (event_id, occurred_at) DO NOTHING
        """;

    // After the insert, not before: a concurrent batch's event with the same key is only visible once that batch
    // commits, and the insert waits for exactly that. Checked before, the two would both pass and the second
    // would be counted a duplicate although its content differs. The LIMIT (harmless: the pair is unique) keeps
    // the planner from flattening the LATERAL subquery into a hash join over every partition; as written it is a
    // loop of idx_lh_event_id probes, each pruned at run time to the one partition of its occurred_at.
    private const string ConflictsWithStored = """
        SELECT s.idx
        FROM ingest_staging s
        CROSS JOIN LATERAL (
            SELECT h.student_id, h.event_type, h.source_node, h.source_id, h.content
            FROM learning_history h
            WHERE h.event_id = s.event_id AND h.occurred_at = s.occurred_at
            LIMIT 1
        ) h
        WHERE s.event_id IS NOT NULL
            AND (h.student_id, h.event_type, h.source_node, h.source_id, h.content)
                IS DISTINCT FROM (s.student_id, s.event_type, $1, s.source_id, s.content)
        """;

    // The key's counters and its node's hour (the Ingest page's freshness), last in the batch's transaction so
    // that the rows stay locked only briefly.
    private const string RecordUse = """
        WITH used AS (
            UPDATE ingest_keys
            SET last_used_at = now(), events_accepted = events_accepted + $2, events_rejected = events_rejected + $3
            WHERE id = $1
            RETURNING source_node
        )
        INSERT INTO ingest_node_hours AS h
            (source_node, hour, events_accepted, events_duplicate, events_rejected, last_received_at, last_event_at)
        SELECT source_node, date_trunc('hour', now(), 'UTC'), $2, $4, $3, now(), $5 FROM used
        ON CONFLICT (source_node, hour) DO UPDATE SET
            events_accepted = h.events_accepted + EXCLUDED.events_accepted,
            events_duplicate = h.events_duplicate + EXCLUDED.events_duplicate,
            events_rejected = h.events_rejected + EXCLUDED.events_rejected,
            last_received_at = EXCLUDED.last_received_at,
            last_event_at = GREATEST(h.last_event_at, EXCLUDED.last_event_at)
        """;

    private const string StoredConflictMessage =
        "event_id is already stored with this occurred_at and different content. A new event needs a new event_id; a retry must resend the event unchanged.";

    private const string BatchConflictMessage =
        "event_id appears in this batch more than once with this occurred_at and different content.";

    public async Task<IngestOutcome> IngestAsync(IngestCaller caller, BatchReadResult.Read batch, bool partial, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await AttemptAsync(caller, batch, partial, ct);
                // As the key's counters count them: a refused batch's events are all rejected.
                var (accepted, duplicates, rejected) = outcome is IngestOutcome.Stored { Result: var result }
                    ? (result.Accepted, result.Duplicates, result.Rejected?.Count ?? 0)
                    : (0, 0, batch.Count);
                metrics.EventsIngested(caller.SourceNode, accepted, duplicates, rejected);
                return outcome;
            }
            // Between the checks and the insert a student may be deleted (23503), or a partition archived (23514:
            // no partition for the row), or two overlapping batches may still deadlock (40P01). Once more from the
            // start answers with the precise reason: the checks then see what changed.
            catch (PostgresException e) when (attempt == 1 && e.SqlState is PostgresErrorCodes.ForeignKeyViolation
                or PostgresErrorCodes.CheckViolation or PostgresErrorCodes.DeadlockDetected)
            {
                _partitionsMade.Clear();
                logger.LogInformation("Ingest batch for key {KeyId} retried after {SqlState}: {Message}", caller.KeyId, e.SqlState, e.MessageText);
            }
        }
    }

    /// <summary>Records a use of the key that stored nothing: its last use, and the events it sent in vain.</summary>
    public async Task RecordRefusalAsync(IngestCaller caller, int rejected, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await RecordUseAsync(connection, caller, 0, rejected, ct);
        metrics.EventsIngested(caller.SourceNode, 0, 0, rejected);
    }

    private async Task<IngestOutcome> AttemptAsync(IngestCaller caller, BatchReadResult.Read batch, bool partial, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var errors = batch.Errors.Copy();

        var existing = await ExistingStudentsAsync(connection, batch.Events.Select(e => e.StudentId).Distinct().ToArray(), ct);
        foreach (var e in batch.Events.Where(e => !existing.Contains(e.StudentId)))
            errors.Add(e.Index, "student_id", "student_id names no student the hub knows.");

        if (errors.Count > 0 && !partial)
            return await RefuseAsync(connection, caller, batch.Count, new IngestOutcome.Invalid(errors.ToProblemErrors(), errors.Count, batch.Count), ct);

        var good = batch.Events.Where(e => !errors.Has(e.Index)).ToList();
        if (good.Count == 0)
        {
            await RecordUseAsync(connection, caller, 0, errors.Count, ct);
            return new IngestOutcome.Stored(new IngestResult(0, 0, errors.ToRejected()));
        }

        // Before the transaction, each in its own: making a partition locks learning_history, and readers
        // should not wait on that for as long as the batch takes. A partition made for a batch that is then
        // refused (409) stays, empty, which is harmless: the month had to exist sooner or later.
        foreach (var month in good.Select(e => LearningHistoryPartitionInterceptor.MonthOf(e.OccurredAt)).Distinct().Order())
        {
            if (_partitionsMade.ContainsKey(month))
                continue;
            await StudentHubDatabase.EnsurePartitionAsync(connection, month, ct);
            _partitionsMade.TryAdd(month, true);
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, CreateStaging, ct);
        await CopyAsync(connection, good, ct);

        if (MayRepeatWithinBatch(good))
        {
            var repeated = await IndexesAsync(connection, ConflictsWithinBatch, null, ct);
            if (repeated.Count > 0)
            {
                var conflicts = new BatchErrors();
                foreach (var index in repeated)
                    conflicts.Add(index, "event_id", BatchConflictMessage);
                if (!partial)
                    return await RefuseAsync(connection, caller, batch.Count, new IngestOutcome.Conflict(conflicts.ToProblemErrors()), ct, transaction);
                foreach (var index in repeated)
                    errors.Add(index, "event_id", BatchConflictMessage);
                await using var delete = new NpgsqlCommand("DELETE FROM ingest_staging WHERE idx = ANY($1)", connection);
                delete.Parameters.Add(new NpgsqlParameter { Value = repeated.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
                await delete.ExecuteNonQueryAsync(ct);
            }
        }
        var staged = good.Count(e => !errors.Has(e.Index));

        int inserted;
        await using (var insert = new NpgsqlCommand(Insert, connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = caller.SourceNode, NpgsqlDbType = NpgsqlDbType.Integer });
            inserted = await insert.ExecuteNonQueryAsync(ct);
        }

        // An event that clashes with a stored one was not inserted: when every staged event was, there is none.
        var clashes = inserted < staged
            ? await IndexesAsync(connection, ConflictsWithStored, caller.SourceNode, ct)
            : [];
        if (clashes.Count > 0)
        {
            var conflicts = new BatchErrors();
            foreach (var index in clashes)
                conflicts.Add(index, "event_id", StoredConflictMessage);
            if (!partial)
                return await RefuseAsync(connection, caller, batch.Count, new IngestOutcome.Conflict(conflicts.ToProblemErrors()), ct, transaction);
            foreach (var index in clashes)
                errors.Add(index, "event_id", StoredConflictMessage);
        }

        var duplicates = staged - inserted - clashes.Count;
        DateTimeOffset? lastEvent = inserted > 0 ? good.Where(e => !errors.Has(e.Index)).Max(e => e.OccurredAt) : null;
        await RecordUseAsync(connection, caller, inserted, errors.Count, ct, duplicates, lastEvent);
        await transaction.CommitAsync(ct);
        if (inserted > 0)
            activity.NotifyEventsStored();
        return new IngestOutcome.Stored(new IngestResult(inserted, duplicates, partial ? errors.ToRejected() : null));
    }

    private static async Task<HashSet<Guid>> ExistingStudentsAsync(NpgsqlConnection connection, Guid[] ids, CancellationToken ct)
    {
        var existing = new HashSet<Guid>(ids.Length);
        if (ids.Length == 0)
            return existing;
        await using var command = new NpgsqlCommand("SELECT id FROM students WHERE id = ANY($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            existing.Add(reader.GetGuid(0));
        return existing;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<ParsedEvent> events, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync(CopyStaging, ct);
        foreach (var e in events)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(e.Index, NpgsqlDbType.Integer, ct);
            if (e.EventId is { } eventId)
                await importer.WriteAsync(eventId, NpgsqlDbType.Uuid, ct);
            else
                await importer.WriteNullAsync(ct);
            // Npgsql writes only UTC offsets to timestamptz; the instant is the same.
            await importer.WriteAsync(e.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await importer.WriteAsync(e.StudentId, NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(e.EventType, NpgsqlDbType.Varchar, ct);
            if (e.SourceId is { } sourceId)
                await importer.WriteAsync(sourceId, NpgsqlDbType.Varchar, ct);
            else
                await importer.WriteNullAsync(ct);
            await importer.WriteAsync(e.Content, NpgsqlDbType.Jsonb, ct);
        }
        await importer.CompleteAsync(ct);
    }

    /// <summary>Whether two events of the batch share an event_id and occurred_at (to the microsecond PostgreSQL keeps): only then is the staging table searched for repeats.</summary>
    private static bool MayRepeatWithinBatch(List<ParsedEvent> events)
    {
        var seen = new HashSet<(Guid, long)>();
        foreach (var e in events)
            if (e.EventId is { } id && !seen.Add((id, e.OccurredAt.UtcTicks / 10)))
                return true;
        return false;
    }

    private static async Task<List<int>> IndexesAsync(NpgsqlConnection connection, string sql, int? sourceNode, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (sourceNode is { } node)
            command.Parameters.Add(new NpgsqlParameter { Value = node, NpgsqlDbType = NpgsqlDbType.Integer });
        var indexes = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            indexes.Add(reader.GetInt32(0));
        indexes.Sort();
        return indexes;
    }

    /// <summary>Rolls back what the batch wrote (if anything), then counts its events as rejected against the key.</summary>
    private static async Task<IngestOutcome> RefuseAsync(
        NpgsqlConnection connection, IngestCaller caller, int rejected, IngestOutcome outcome, CancellationToken ct, NpgsqlTransaction? transaction = null)
    {
        if (transaction is not null)
            await transaction.RollbackAsync(ct);
        await RecordUseAsync(connection, caller, 0, rejected, ct);
        return outcome;
    }

    private static async Task RecordUseAsync(
        NpgsqlConnection connection, IngestCaller caller, int accepted, int rejected, CancellationToken ct,
        int duplicates = 0, DateTimeOffset? lastEventAt = null)
    {
        await using var command = new NpgsqlCommand(RecordUse, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = caller.KeyId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)accepted, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)rejected, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)duplicates, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = lastEventAt is { } at ? at.ToUniversalTime() : DBNull.Value,
            NpgsqlDbType = NpgsqlDbType.TimestampTz,
        });
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
