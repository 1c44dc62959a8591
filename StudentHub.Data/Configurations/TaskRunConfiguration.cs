using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Data.Configurations;

/// <summary><c>task_runs</c>: the scheduler's run history, not in the design document, named in its style.</summary>
public sealed class TaskRunConfiguration : IEntityTypeConfiguration<TaskRun>
{
    public void Configure(EntityTypeBuilder<TaskRun> b)
    {
        b.ToTable("task_runs", t => t.HasCheckConstraint("task_runs_outcome_check",
            "outcome IN ('running', 'succeeded', 'failed', 'timed_out', 'abandoned')"));
        b.HasKey(r => r.Id).HasName("task_runs_pkey");
        // Version 7, made by the dispatcher: runs sort by creation, and the id is known before the insert.
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Outcome).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<TaskRunOutcome>>();
        b.Property(r => r.Output).IsOpenJson();
        b.Property(r => r.Instance).HasMaxLength(255);

        b.HasOne(r => r.ScheduledTask).WithMany()
            .HasForeignKey(r => r.TaskId)
            .OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_task_runs_task");

        b.HasIndex(r => new { r.TaskId, r.StartedAt }).IsDescending(false, true).HasDatabaseName("idx_task_runs_task_started");
        b.HasIndex(r => r.LeaseUntil).HasFilter("outcome = 'running'").HasDatabaseName("idx_task_runs_running_lease");
    }
}
