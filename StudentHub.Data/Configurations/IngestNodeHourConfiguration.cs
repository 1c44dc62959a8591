using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudentHub.Data.Entities;

namespace StudentHub.Data.Configurations;

public sealed class IngestNodeHourConfiguration : IEntityTypeConfiguration<IngestNodeHour>
{
    public void Configure(EntityTypeBuilder<IngestNodeHour> b)
    {
        b.ToTable("ingest_node_hours", t => t.HasCheckConstraint("ingest_node_hours_source_node_check", "source_node >= 1 AND source_node <= 6"));
        b.HasKey(h => new { h.SourceNode, h.Hour }).HasName("ingest_node_hours_pkey");
    }
}
