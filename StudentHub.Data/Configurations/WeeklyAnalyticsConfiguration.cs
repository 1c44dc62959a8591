using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudentHub.Data.Entities;

namespace StudentHub.Data.Configurations;

/// <summary><c>weekly_analytics</c>: not in the design document, named in its style.</summary>
public sealed class WeeklyAnalyticsConfiguration : IEntityTypeConfiguration<WeeklyAnalytics>
{
    public void Configure(EntityTypeBuilder<WeeklyAnalytics> b)
    {
        b.ToTable("weekly_analytics", t =>
        {
            t.HasCheckConstraint("weekly_analytics_grade_check", "grade >= 1 AND grade <= 12");
            t.HasCheckConstraint("weekly_analytics_counts_check",
                "active_students <= enrolled_students AND correct_attempts + partial_attempts <= attempts");
        });
        b.HasKey(w => new { w.SchoolId, w.Grade, w.WeekStart }).HasName("weekly_analytics_pkey");
        b.Property(w => w.SchoolId).HasMaxLength(50);
        b.HasOne<TaskRun>().WithMany()
            .HasForeignKey(w => w.TaskRunId)
            .OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("fk_weekly_analytics_task_run");

        // The Analytics page reads a range of weeks across schools.
        b.HasIndex(w => w.WeekStart).HasDatabaseName("idx_weekly_analytics_week");
        b.HasIndex(w => w.TaskRunId).HasDatabaseName("idx_weekly_analytics_task_run");
    }
}
