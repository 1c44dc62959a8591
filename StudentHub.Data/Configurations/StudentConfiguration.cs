using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Data.Configurations;

public sealed class StudentConfiguration : IEntityTypeConfiguration<Student>
{
    public void Configure(EntityTypeBuilder<Student> b)
    {
        b.ToTable("students", t => t.HasCheckConstraint("students_grade_check", "grade >= 1 AND grade <= 12"));
        b.HasKey(s => s.Id).HasName("students_pkey");
        b.Property(s => s.Id).HasDefaultValueSql("gen_random_uuid()");

        // ICU collation: the libc ko_KR locale is not installed everywhere, ICU's Korean order is.
        b.Property(s => s.Name).HasMaxLength(100).UseCollation("ko-KR-x-icu");
        b.Property(s => s.SchoolId).HasMaxLength(50);
        b.Property(s => s.ClassName).HasMaxLength(50);
        b.Property(s => s.StudentNumber).HasMaxLength(20);
        b.Property(s => s.Email).HasMaxLength(255);
        b.Property(s => s.ParentContact).HasMaxLength(20);
        b.Property(s => s.Metadata).IsOpenJson().HasDefaultValueSql("'{}'::jsonb");
        b.Property(s => s.CreatedAt).HasDefaultValueSql("now()");
        b.Property(s => s.UpdatedAt).HasDefaultValueSql("now()");
        b.Property(s => s.Version).IsRowVersion();

        // A UNIQUE constraint in the database (the migration says so); EF models it as a unique index of the same name.
        b.HasIndex(s => new { s.SchoolId, s.Grade, s.ClassName, s.StudentNumber })
            .IsUnique()
            .HasDatabaseName("students_unique_identifier");
        b.HasIndex(s => s.SchoolId).HasDatabaseName("idx_students_school_id");
        b.HasIndex(s => new { s.Grade, s.ClassName }).HasDatabaseName("idx_students_grade_class");
        b.HasIndex(s => s.CreatedAt).IsDescending().HasDatabaseName("idx_students_created_at");
        b.HasIndex(s => s.Metadata).HasMethod("gin").HasDatabaseName("idx_students_metadata_gin");
        // Not in the design document: the list's default order (name in Korean collation, then id) read from an
        // index, so the first page of a million students needs no sort of the whole table.
        b.HasIndex(s => new { s.Name, s.Id }).HasDatabaseName("idx_students_name_order");
        b.HasIndex(s => s.Name).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("idx_students_name_trgm");
    }
}
