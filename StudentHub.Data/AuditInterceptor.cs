using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Data;

/// <summary>Who is acting: the signed-in user, or nobody for the system's own work.</summary>
public interface IAuditActor
{
    string? UserId { get; }
    string? UserName { get; }
}

/// <summary>
/// Writes an <see cref="AuditLog"/> row for every create, update and delete that goes through SaveChanges, in the
/// same transaction as the change: if the change is rolled back, so is its audit. Bulk <c>ExecuteUpdate</c>/
/// <c>ExecuteDelete</c> bypass it and must record their own rows.
/// </summary>
/// <remarks>
/// Learning events are not audited here: they are an append-only log posted by the nodes, and auditing each
/// would double every ingest. Reports and analytics are the scheduler's output, already recorded by their run.
/// Secrets (password hashes, stamps) are recorded as changed, never with values.
/// </remarks>
public sealed class AuditInterceptor(IAuditActor actor) : SaveChangesInterceptor
{
    private static readonly HashSet<Type> NotAudited = [typeof(AuditLog), typeof(LearningEvent), typeof(DataProtectionKey), typeof(StudentReport), typeof(WeeklyAnalytics)];

    private static readonly HashSet<string> Secrets =
        ["PasswordHash", "SecurityStamp", "ConcurrencyStamp", "NormalizedEmail", "NormalizedUserName", "KeyHash"];

    private static readonly JsonElement Redacted = JsonSerializer.SerializeToElement("***");

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
            AddAuditRows(context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
            AddAuditRows(context);
        return result;
    }

    private void AddAuditRows(DbContext context)
    {
        context.ChangeTracker.DetectChanges();
        var rows = new List<AuditLog>();
        foreach (var entry in context.ChangeTracker.Entries().ToList())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)
                || NotAudited.Contains(entry.Metadata.ClrType))
                continue;

            AssignGuidKey(entry);
            var changes = Changes(entry);
            if (entry.State == EntityState.Modified && changes.Count == 0)
                continue;

            rows.Add(new AuditLog
            {
                OccurredAt = DateTimeOffset.UtcNow,
                UserId = actor.UserId,
                UserName = actor.UserName,
                Action = entry.State switch
                {
                    EntityState.Added => AuditActions.Create,
                    EntityState.Deleted => AuditActions.Delete,
                    _ => AuditActions.Update,
                },
                EntityType = entry.Metadata.ClrType.Name,
                EntityKey = KeyOf(entry),
                Changes = changes,
            });
        }
        context.Set<AuditLog>().AddRange(rows);
    }

    // A key the database would generate is not known before the insert; a version 7 uuid made here is as good and lets the audit name it.
    private static void AssignGuidKey(EntityEntry entry)
    {
        if (entry.State != EntityState.Added)
            return;
        foreach (var key in entry.Metadata.FindPrimaryKey()?.Properties ?? [])
        {
            var property = entry.Property(key.Name);
            if (key.ClrType == typeof(Guid) && (property.IsTemporary || Equals(property.CurrentValue, Guid.Empty)))
            {
                property.CurrentValue = Guid.CreateVersion7();
                property.IsTemporary = false;
            }
        }
    }

    private static string KeyOf(EntityEntry entry) =>
        string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()));

    private static Dictionary<string, FieldChange> Changes(EntityEntry entry)
    {
        var changes = new Dictionary<string, FieldChange>();
        foreach (var property in entry.Properties)
        {
            // Row versions (xmin) change with every save and say nothing about what changed.
            if (property.Metadata.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAddOrUpdate)
                continue;
            var name = property.Metadata.GetColumnName();
            var current = entry.State == EntityState.Deleted ? null : property.CurrentValue;
            var original = entry.State == EntityState.Added ? null : property.OriginalValue;
            if (entry.State == EntityState.Modified && (!property.IsModified || Equals(Serialize(original), Serialize(current))))
                continue;
            if (current is null && original is null)
                continue;
            changes[name] = Secrets.Contains(property.Metadata.Name)
                ? new FieldChange { Old = original is null ? null : Redacted, New = current is null ? null : Redacted }
                : new FieldChange { Old = StoredJson(property.Metadata, original), New = StoredJson(property.Metadata, current) };
        }

        foreach (var complex in entry.ComplexProperties)
            AddComplexChange(changes, entry, complex,
                () => complex.Properties.ToDictionary(p => p.Metadata.GetJsonPropertyName() ?? p.Metadata.Name, p => p.OriginalValue));
        foreach (var collection in entry.ComplexCollections)
            AddComplexChange(changes, entry, collection, () => entry.OriginalValues[(IComplexProperty)collection.Metadata]);
        return changes;
    }

    private static void AddComplexChange(Dictionary<string, FieldChange> changes, EntityEntry entry, MemberEntry member, Func<object?> originalValue)
    {
        if (entry.State == EntityState.Modified && !member.IsModified)
            return;
        var current = entry.State == EntityState.Deleted ? null : ComplexJson(member.CurrentValue);
        var original = entry.State == EntityState.Added ? null : ComplexJson(originalValue());
        if (entry.State == EntityState.Modified && original?.GetRawText() == current?.GetRawText())
            return;
        changes[((IComplexProperty)member.Metadata).GetJsonPropertyName() ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Metadata.Name)] =
            new FieldChange { Old = original, New = current };
    }

    // JSON columns' keys are the snake_case of the property names (current_mastery, estimated_duration…): write them as stored.
    private static readonly JsonSerializerOptions ComplexOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static JsonElement? ComplexJson(object? value) =>
        value is null ? null : JsonSerializer.SerializeToElement(value, ComplexOptions);

    private static string? Serialize(object? value) => value is null ? null : OpenJsonColumn.Serialize(value);

    // The value as the column holds it: 'active' rather than the enum's number, a JSON column as JSON.
    private static JsonElement? StoredJson(IProperty property, object? value)
    {
        if (value is null)
            return null;
        var stored = property.GetValueConverter()?.ConvertToProvider(value) ?? value;
        return stored is string json && property.GetColumnType() == "jsonb"
            ? JsonDocument.Parse(json).RootElement.Clone()
            : JsonSerializer.SerializeToElement(stored);
    }
}
