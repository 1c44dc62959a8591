using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Localization;

namespace StudentHub.Web.Audit;

/// <summary>
/// What the audit trail page searches by. <paramref name="User"/> is a fragment of a name or email address;
/// <paramref name="From"/> and <paramref name="To"/> are days in <paramref name="DaysIn"/> (the reader's zone;
/// Seoul when null), both included.
/// </summary>
public sealed record AuditFilter(
    string? User = null,
    string? Action = null,
    string? EntityType = null,
    string? EntityKey = null,
    DateOnly? From = null,
    DateOnly? To = null,
    TimeZoneInfo? DaysIn = null);

/// <summary>One audit row, with the acting account's current name when it still exists.</summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset OccurredAt,
    string? UserId,
    string? UserName,
    string? UserDisplayName,
    string Action,
    string? EntityType,
    string? EntityKey,
    Dictionary<string, FieldChange>? Changes,
    Dictionary<string, JsonElement>? Details)
{
    /// <summary>Who acted: the account's name, else the recorded sign-in name; null for the system's own work.</summary>
    public string? Who => UserDisplayName ?? UserName;
}

/// <summary>A page of entries; <paramref name="TotalIsAtLeast"/> when more match than are counted.</summary>
public sealed record AuditEntries(IReadOnlyList<AuditEntry> Items, int Total, bool TotalIsAtLeast);

/// <summary>Reads the audit trail (<c>audit.audit_logs</c>) for the audit page and for one record's history.</summary>
public sealed class AuditSearch(IDbContextFactory<StudentHubDbContext> contextFactory)
{
    /// <summary>Counting every match of a years-long trail costs seconds; past this many, the page says "more than".</summary>
    public const int CountLimit = 10_000;

    /// <summary>Every action the trail records (the constants of <see cref="AuditActions"/>).</summary>
    public static readonly IReadOnlyList<string> Actions = typeof(AuditActions)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    public async Task<AuditEntries> SearchAsync(AuditFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var logs = Filtered(db, filter);
        var counted = await logs.Take(CountLimit + 1).CountAsync(ct);
        var items = await NewestFirstWithNames(db, logs, page * pageSize, pageSize).ToListAsync(ct);
        return new AuditEntries(items, Math.Min(counted, CountLimit), counted > CountLimit);
    }

    /// <summary>The newest <paramref name="limit"/> entries about one record, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> HistoryAsync(string entityType, string entityKey, int limit, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var logs = db.AuditLogs.AsNoTracking().Where(a => a.EntityType == entityType && a.EntityKey == entityKey);
        return await NewestFirstWithNames(db, logs, 0, limit).ToListAsync(ct);
    }

    /// <summary>The entity types the trail holds rows for, for the page's filter.</summary>
    public async Task<IReadOnlyList<string>> EntityTypesAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        // A loose index scan over idx_audit_logs_entity: one index probe per distinct type, not a pass over every row.
        return await db.Database.SqlQueryRaw<string>("""
            WITH RECURSIVE types AS (
                SELECT min(entity_type) AS value FROM audit.audit_logs
                UNION ALL
                SELECT (SELECT min(entity_type) FROM audit.audit_logs WHERE entity_type > types.value)
                FROM types WHERE types.value IS NOT NULL)
            SELECT value AS "Value" FROM types WHERE value IS NOT NULL
            """).ToListAsync(ct);
    }

    private static IQueryable<AuditLog> Filtered(StudentHubDbContext db, AuditFilter filter)
    {
        var logs = db.AuditLogs.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var pattern = "%" + EscapeLike(filter.User.Trim()) + "%";
            logs = logs.Where(a => EF.Functions.ILike(a.UserName!, pattern, @"\")
                || db.Users.Any(u => u.Id == a.UserId && EF.Functions.ILike(u.DisplayName, pattern, @"\")));
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
            logs = logs.Where(a => a.Action == filter.Action);
        if (!string.IsNullOrWhiteSpace(filter.EntityType))
            logs = logs.Where(a => a.EntityType == filter.EntityType);
        if (!string.IsNullOrWhiteSpace(filter.EntityKey))
            logs = logs.Where(a => a.EntityKey == filter.EntityKey.Trim());
        var zone = filter.DaysIn ?? ReaderTimeZone.Seoul;
        if (filter.From is { } from)
        {
            var start = ReaderTimeZone.StartOfDay(from, zone);
            logs = logs.Where(a => a.OccurredAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = ReaderTimeZone.StartOfDay(to.AddDays(1), zone);
            logs = logs.Where(a => a.OccurredAt < end);
        }
        return logs;
    }

    private static IQueryable<AuditEntry> NewestFirstWithNames(StudentHubDbContext db, IQueryable<AuditLog> logs, int skip, int take) =>
        (from a in logs
         join u in db.Users on a.UserId equals u.Id into users
         from u in users.DefaultIfEmpty()
         select new { Log = a, DisplayName = u == null ? null : u.DisplayName })
        .OrderByDescending(r => r.Log.OccurredAt).ThenByDescending(r => r.Log.Id)
        .Skip(skip)
        .Take(take)
        .Select(r => new AuditEntry(r.Log.Id, r.Log.OccurredAt, r.Log.UserId, r.Log.UserName, r.DisplayName,
            r.Log.Action, r.Log.EntityType, r.Log.EntityKey, r.Log.Changes, r.Log.Details));

    // % and _ typed by a user are text, not wildcards; the ILike calls name "\" as the escape character, which
    // Npgsql otherwise turns off.
    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
