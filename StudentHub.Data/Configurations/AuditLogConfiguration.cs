using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Data.Configurations;

/// <summary><c>audit.audit_logs</c>, the schema the design document names as its next step.</summary>
public sealed class AuditLogConfiguration : IEntityTypeConfiguration<AuditLog>
{
    public void Configure(EntityTypeBuilder<AuditLog> b)
    {
        b.ToTable("audit_logs", "audit");
        b.HasKey(a => a.Id).HasName("audit_logs_pkey");
        b.Property(a => a.OccurredAt).HasDefaultValueSql("now()");
        b.Property(a => a.UserId).HasMaxLength(450);
        b.Property(a => a.UserName).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(30);
        b.Property(a => a.EntityType).HasMaxLength(100);
        b.Property(a => a.EntityKey).HasMaxLength(200);
        b.Property(a => a.Changes).IsOpenJson();
        b.Property(a => a.Details).IsOpenJson();

        b.HasIndex(a => a.OccurredAt).IsDescending().HasDatabaseName("idx_audit_logs_occurred_at");
        b.HasIndex(a => new { a.EntityType, a.EntityKey, a.OccurredAt })
            .IsDescending(false, false, true)
            .HasDatabaseName("idx_audit_logs_entity");
        b.HasIndex(a => new { a.UserId, a.OccurredAt }).IsDescending(false, true).HasDatabaseName("idx_audit_logs_user");
    }
}
