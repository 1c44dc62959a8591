using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using StudentHub.Data;
using StudentHub.Web.Localization;

namespace StudentHub.Web.Ingest;

/// <summary>How one source node's posting stands.</summary>
/// <param name="LastReceivedAt">When the node last posted, whatever the answer; null when it never has.</param>
/// <param name="LastEventAt">The latest <c>occurred_at</c> stored from the node; null when none was.</param>
/// <param name="EventsToday">Events stored since the start of the reader's day.</param>
/// <param name="DuplicatesToday">Events resent since then that were already stored.</param>
/// <param name="RejectsToday">Events refused since then (invalid, conflicting, or in a refused batch).</param>
/// <param name="ActiveKeys">Keys of the node that are not revoked.</param>
/// <param name="IsQuiet">
/// The node has an active key but has not posted for <see cref="IngestFreshness.QuietAfter"/>, counted from its oldest active
/// key's creation when that is later: its sender may be stuck. A node given its first key a minute ago is not late yet.
/// </param>
public sealed record NodeFreshness(
    int SourceNode,
    DateTimeOffset? LastReceivedAt,
    DateTimeOffset? LastEventAt,
    long EventsToday,
    long DuplicatesToday,
    long RejectsToday,
    int ActiveKeys,
    bool IsQuiet);

/// <param name="AsOf">The clock's "now" the figures were counted at.</param>
/// <param name="StartOfToday">The first instant of the reader's day: where "today" starts.</param>
/// <param name="Nodes">Nodes 1–6, in order, each listed even if it never posted.</param>
public sealed record IngestFreshnessReport(DateTimeOffset AsOf, DateTimeOffset StartOfToday, IReadOnlyList<NodeFreshness> Nodes);

/// <summary>
/// The Ingest page's freshness per source node, from the hourly counters <c>EventIngestor</c> keeps in
/// <c>ingest_node_hours</c> (rejected events are stored nowhere else) and the active keys of <c>ingest_keys</c>.
/// </summary>
public sealed class IngestFreshness(IDbContextFactory<StudentHubDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>Nodes post continuously while students work; an hour without a post from a node that has a key is worth a look.</summary>
    public static readonly TimeSpan QuietAfter = TimeSpan.FromHours(1);

    // One statement for the six nodes. "Today" is the hour rows starting in [$1, $2), the reader's day as UTC instants:
    // where the reader's midnight falls inside a UTC hour (a half-hour zone), that hour counts for the day it starts in.
    // The latest event is the maximum over all of a node's hours, not the last hour's, since a late batch can carry
    // older events; at 24 rows a node a day the table stays small enough to aggregate whole.
    private const string Query = """
        SELECT n.node,
               h.last_received_at,
               h.last_event_at,
               COALESCE(h.accepted_today, 0)::bigint,
               COALESCE(h.duplicates_today, 0)::bigint,
               COALESCE(h.rejected_today, 0)::bigint,
               COALESCE(k.active_keys, 0)::int,
               -- Since when a post is awaited: the last one, or the first active key if that came later (none without a key).
               CASE WHEN k.active_keys > 0 THEN GREATEST(h.last_received_at, k.first_key_created_at) END
        FROM generate_series(1, 6) AS n(node)
        LEFT JOIN (
            SELECT source_node,
                   max(last_received_at) AS last_received_at,
                   max(last_event_at) AS last_event_at,
                   sum(events_accepted) FILTER (WHERE hour >= $1 AND hour < $2) AS accepted_today,
                   sum(events_duplicate) FILTER (WHERE hour >= $1 AND hour < $2) AS duplicates_today,
                   sum(events_rejected) FILTER (WHERE hour >= $1 AND hour < $2) AS rejected_today
            FROM ingest_node_hours
            GROUP BY source_node
        ) h ON h.source_node = n.node
        LEFT JOIN (
            SELECT source_node, count(*) AS active_keys, min(created_at) AS first_key_created_at
            FROM ingest_keys
            WHERE revoked_at IS NULL
            GROUP BY source_node
        ) k ON k.source_node = n.node
        ORDER BY n.node
        """;

    public async Task<IngestFreshnessReport> LoadAsync(TimeZoneInfo readerZone, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = ReaderTimeZone.DayOf(now, readerZone);
        var startOfToday = ReaderTimeZone.StartOfDay(today, readerZone);
        var startOfTomorrow = ReaderTimeZone.StartOfDay(today.AddDays(1), readerZone);

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(Query, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.Add(new NpgsqlParameter { Value = startOfToday, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = startOfTomorrow, NpgsqlDbType = NpgsqlDbType.TimestampTz });

        var nodes = new List<NodeFreshness>(6);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            nodes.Add(new NodeFreshness(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.GetInt64(5),
                reader.GetInt32(6),
                IsQuiet: !reader.IsDBNull(7) && now - reader.GetFieldValue<DateTimeOffset>(7) > QuietAfter));
        }
        return new IngestFreshnessReport(now, startOfToday, nodes);
    }
}
