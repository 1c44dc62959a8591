using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;

namespace StudentHub.Data;

/// <summary>
/// The hub's database. Table, column, constraint and index names are the design document's, because the
/// other nodes of the platform read this database too.
/// </summary>
/// <remarks>
/// To change the schema: edit an entity and its configuration under <c>Configurations/</c>, then
/// <c>dotnet ef migrations add Name --project StudentHub.Data</c>. Anything EF Core cannot express
/// (partitioning, functions) goes into the migration as SQL, keeping the model in step with it.
/// </remarks>
public class StudentHubDbContext(DbContextOptions<StudentHubDbContext> options) : DbContext(options)
{
    public DbSet<Student> Students => Set<Student>();
    public DbSet<LearningEvent> LearningHistory => Set<LearningEvent>();
    public DbSet<Intervention> Interventions => Set<Intervention>();
    public DbSet<ScheduledTask> ScheduledTasks => Set<ScheduledTask>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("uuid-ossp");
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.HasPostgresExtension("btree_gin");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(StudentHubDbContext).Assembly);
    }
}
