using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Audit;

/// <summary>
/// Records what the SaveChanges interceptor cannot see: sign-ins, failed sign-ins, sign-outs and exports of
/// personal data. Changes to records are audited by <see cref="AuditInterceptor"/> on their own.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<StudentHubDbContext> contextFactory, IAuditActor actor)
{
    public async Task RecordAsync(
        string action,
        IReadOnlyDictionary<string, object?>? details = null,
        string? entityType = null,
        string? entityKey = null,
        (string? Id, string? Name)? user = null,
        CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        db.AuditLogs.Add(new AuditLog
        {
            OccurredAt = DateTimeOffset.UtcNow,
            UserId = user is null ? actor.UserId : user.Value.Id,
            UserName = user is null ? actor.UserName : user.Value.Name,
            Action = action,
            EntityType = entityType,
            EntityKey = entityKey,
            Details = details?.ToDictionary(d => d.Key, d => JsonSerializer.SerializeToElement(d.Value)),
        });
        await db.SaveChangesAsync(ct);
    }
}
