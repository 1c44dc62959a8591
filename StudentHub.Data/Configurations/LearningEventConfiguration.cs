using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Data.Configurations;

/// <summary>
/// <c>learning_history</c> is partitioned by month, which EF Core cannot create: the initial migration carries
/// its DDL by hand. This configuration describes the same table so the model and the database agree.
/// </summary>
public sealed class LearningEventConfiguration : IEntityTypeConfiguration<LearningEvent>
{
    public void Configure(EntityTypeBuilder<LearningEvent> b)
    {
        b.ToTable("learning_history", t =>
        {
            t.HasCheckConstraint("learning_history_source_node_check", "source_node >= 1 AND source_node <= 6");
            t.HasCheckConstraint("learning_history_event_type_check",
                "event_type IN ('study', 'test', 'intervention', 'review', 'assessment')");
        });
        b.HasKey(e => new { e.Id, e.OccurredAt }).HasName("learning_history_pkey");
        b.Property(e => e.Id).UseSerialColumn();
        b.Property(e => e.EventType).HasMaxLength(50).HasConversion<SnakeCaseEnumConverter<EventType>>();
        b.Property(e => e.SourceId).HasMaxLength(255);
        b.Property(e => e.Content).IsOpenJson();
        b.Property(e => e.CreatedAt).HasDefaultValueSql("now()");

        b.HasOne(e => e.Student).WithMany(s => s.LearningEvents)
            .HasForeignKey(e => e.StudentId)
            .OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_learning_history_student");

        b.HasIndex(e => e.StudentId).HasDatabaseName("idx_lh_student_id");
        b.HasIndex(e => new { e.StudentId, e.OccurredAt }).IsDescending(false, true).HasDatabaseName("idx_lh_student_occurred");
        b.HasIndex(e => e.EventType).HasDatabaseName("idx_lh_event_type");
        b.HasIndex(e => e.OccurredAt).IsDescending().HasDatabaseName("idx_lh_occurred_at");
        b.HasIndex(e => e.Content).HasMethod("gin").HasDatabaseName("idx_lh_content_gin");
        b.HasIndex(e => new { e.EventId, e.OccurredAt }).IsUnique().HasDatabaseName("idx_lh_event_id");
        b.HasIndex(e => new { e.StudentId, e.EventType, e.OccurredAt })
            .IsDescending(false, false, true)
            .HasDatabaseName("idx_lh_student_event");

        // The timeline's keyset (occurred_at, id), newest first: with id in the index each partition yields rows
        // already in cursor order, so the ordered Append needs no Sort, and ties on occurred_at page exactly.
        b.HasIndex(e => new { e.StudentId, e.OccurredAt, e.Id })
            .IsDescending(false, true, true)
            .HasDatabaseName("idx_lh_student_timeline");
    }
}
