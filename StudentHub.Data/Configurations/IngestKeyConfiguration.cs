using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudentHub.Data.Entities;

namespace StudentHub.Data.Configurations;

public sealed class IngestKeyConfiguration : IEntityTypeConfiguration<IngestKey>
{
    public void Configure(EntityTypeBuilder<IngestKey> b)
    {
        b.ToTable("ingest_keys", t => t.HasCheckConstraint("ingest_keys_source_node_check", "source_node >= 1 AND source_node <= 6"));
        b.HasKey(k => k.Id).HasName("ingest_keys_pkey");
        b.Property(k => k.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(k => k.Name).HasMaxLength(100);
        b.Property(k => k.KeyHash).HasMaxLength(64);
        b.Property(k => k.KeyPrefix).HasMaxLength(16);
        b.Property(k => k.CreatedBy).HasMaxLength(256);
        b.Property(k => k.CreatedAt).HasDefaultValueSql("now()");
        b.HasIndex(k => k.KeyHash).IsUnique().HasDatabaseName("idx_ingest_keys_key_hash");
    }
}
