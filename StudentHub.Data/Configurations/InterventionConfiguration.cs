using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Data.Configurations;

public sealed class InterventionConfiguration : IEntityTypeConfiguration<Intervention>
{
    public void Configure(EntityTypeBuilder<Intervention> b)
    {
        b.ToTable("interventions", t =>
        {
            t.HasCheckConstraint("interventions_type_check", "type IN ('auto', 'teacher_requested')");
            t.HasCheckConstraint("interventions_status_check",
                "status IN ('active', 'paused', 'completed', 'cancelled')");
        });
        b.HasKey(i => i.Id).HasName("interventions_pkey");
        b.Property(i => i.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(i => i.Type).HasMaxLength(50).HasConversion<SnakeCaseEnumConverter<InterventionType>>();
        b.Property(i => i.Status).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<InterventionStatus>>()
            .HasDefaultValueSql("'active'").HasSentinel(InterventionStatus.Active);
        b.Property(i => i.CreatedAt).HasDefaultValueSql("now()");
        b.Property(i => i.Version).IsRowVersion();
        b.Property(i => i.Evidence).IsOpenJson();

        b.ComplexCollection(i => i.WeakAreas, w =>
        {
            w.ToJson("weak_areas");
            w.Property(a => a.Concept).HasJsonPropertyName("concept");
            w.Property(a => a.CurrentMastery).HasJsonPropertyName("current_mastery");
            w.Property(a => a.TargetMastery).HasJsonPropertyName("target_mastery");
            w.Property(a => a.Priority).HasJsonPropertyName("priority");
        });
        b.ComplexCollection(i => i.LearningPath, p =>
        {
            p.ToJson("learning_path");
            p.Property(s => s.Step).HasJsonPropertyName("step");
            p.Property(s => s.Activity).HasJsonPropertyName("activity");
            p.Property(s => s.Concept).HasJsonPropertyName("concept");
            p.Property(s => s.ProblemSetId).HasJsonPropertyName("problem_set_id");
            p.Property(s => s.NumProblems).HasJsonPropertyName("num_problems");
            p.Property(s => s.EstimatedDuration).HasJsonPropertyName("estimated_duration");
            p.Property(s => s.CompletedAt).HasJsonPropertyName("completed_at");
        });
        b.ComplexProperty(i => i.Progress, p =>
        {
            p.ToJson("progress");
            p.Property(x => x.Completed).HasJsonPropertyName("completed");
            p.Property(x => x.Total).HasJsonPropertyName("total");
        });

        b.HasOne(i => i.Student).WithMany(s => s.Interventions)
            .HasForeignKey(i => i.StudentId)
            .OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_interventions_student");

        b.HasIndex(i => i.StudentId).HasDatabaseName("idx_interventions_student_id");
        b.HasIndex(i => i.Status).HasDatabaseName("idx_interventions_status");
        b.HasIndex(i => i.CreatedAt).IsDescending().HasDatabaseName("idx_interventions_created_at");
        b.HasIndex(i => new { i.StudentId, i.Status }).HasDatabaseName("idx_interventions_student_status");
        b.HasIndex(i => new { i.StudentId, i.CreatedAt })
            .IsDescending(false, true)
            .HasFilter("status = 'active'")
            .HasDatabaseName("idx_interventions_active");
    }
}
