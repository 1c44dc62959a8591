using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudentHub.Data.Entities;

namespace StudentHub.Data.Configurations;

/// <summary><c>student_reports</c>: not in the design document, named in its style.</summary>
public sealed class StudentReportConfiguration : IEntityTypeConfiguration<StudentReport>
{
    public void Configure(EntityTypeBuilder<StudentReport> b)
    {
        b.ToTable("student_reports", t => t.HasCheckConstraint("student_reports_format_check", "format IN ('pdf', 'html')"));
        b.HasKey(r => r.Id).HasName("student_reports_pkey");
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Format).HasMaxLength(10);
        b.Property(r => r.FileName).HasMaxLength(255);
        b.Property(r => r.ContentType).HasMaxLength(100);

        b.HasOne(r => r.Student).WithMany()
            .HasForeignKey(r => r.StudentId)
            .OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_student_reports_student");
        b.HasOne<TaskRun>().WithMany()
            .HasForeignKey(r => r.TaskRunId)
            .OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("fk_student_reports_task_run");

        b.HasIndex(r => new { r.StudentId, r.CreatedAt }).IsDescending(false, true).HasDatabaseName("idx_student_reports_student_created");
        b.HasIndex(r => r.TaskRunId).HasDatabaseName("idx_student_reports_task_run");
    }
}
