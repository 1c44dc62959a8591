namespace StudentHub.Web.DatabaseHealth;

public static class DatabaseHealthExtensions
{
    /// <summary>The admins' database page; its backups section reads the scheduler's <see cref="Scheduler.BackupCatalog"/>.</summary>
    public static IServiceCollection AddDatabaseHealth(this IServiceCollection services) =>
        services.AddScoped<DatabaseStatistics>();
}
