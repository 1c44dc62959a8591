using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Configurations;
using StudentHub.Data.Entities;

namespace StudentHub.Data;

/// <summary>
/// The hub's database. Table, column, constraint and index names are the design document's, because the
/// other nodes of the platform read this database too. Identity and the data-protection keys live in schema
/// <c>identity</c>, the audit trail in schema <c>audit</c>.
/// </summary>
/// <remarks>
/// To change the schema: edit an entity and its configuration under <c>Configurations/</c>, then
/// <c>dotnet ef migrations add Name --project StudentHub.Data</c>. Anything EF Core cannot express
/// (partitioning, functions) goes into the migration as SQL, keeping the model in step with it.
/// </remarks>
public class StudentHubDbContext(DbContextOptions<StudentHubDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<Student> Students => Set<Student>();
    public DbSet<LearningEvent> LearningHistory => Set<LearningEvent>();
    public DbSet<Intervention> Interventions => Set<Intervention>();
    public DbSet<ScheduledTask> ScheduledTasks => Set<ScheduledTask>();
    public DbSet<TaskRun> TaskRuns => Set<TaskRun>();
    public DbSet<StudentReport> StudentReports => Set<StudentReport>();
    public DbSet<WeeklyAnalytics> WeeklyAnalytics => Set<WeeklyAnalytics>();
    public DbSet<IngestKey> IngestKeys => Set<IngestKey>();
    public DbSet<IngestNodeHour> IngestNodeHours => Set<IngestNodeHour>();
    public DbSet<UserSchool> UserSchools => Set<UserSchool>();
    public DbSet<AuditLog> AuditLogs => Set<AuditLog>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasPostgresExtension("uuid-ossp");
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.HasPostgresExtension("btree_gin");
        IdentityConfiguration.Apply(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(StudentHubDbContext).Assembly);
    }
}
