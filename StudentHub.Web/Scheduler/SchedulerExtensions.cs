using Coravel;
using Microsoft.Extensions.Options;

namespace StudentHub.Web.Scheduler;

public static class SchedulerExtensions
{
    /// <summary>
    /// The executor: a Coravel heartbeat every <see cref="SchedulerOptions.BeatSeconds"/> that runs the
    /// <see cref="TaskDispatcher"/>, and the handlers of the task types (<c>Scheduler</c> section).
    /// </summary>
    /// <remarks>
    /// Coravel only ever gets this fixed interval: its cron parser takes 5 fields and a bad expression crashes the
    /// host at the next minute, so the tasks' own (user-written) schedules are read by <see cref="NextRun"/> instead.
    /// </remarks>
    public static IServiceCollection AddScheduler(this IServiceCollection services)
    {
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulerOptions>>(new Checked());
        services.AddScoped<TaskDispatcher>();
        services.AddScoped<ScheduledTaskDirectory>();
        services.AddScoped<SchedulerCommands>();
        services.AddScoped<ScheduleWords>();
        services.AddTransient<SchedulerHeartbeat>();
        services.AddSingleton<BuiltInTasks>();
        services.AddTaskHandler<AutoInterventionsTask>(Interventions.AutoInterventions.TaskType);
        services.AddScoped<PartitionMaintenance>();
        services.AddTaskHandler<PartitionMaintenanceTask>(PartitionMaintenance.TaskType);
        services.AddScoped<Retention>();
        services.AddTaskHandler<RetentionTask>(Retention.TaskType);
        services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BackupOptions>, BackupOptions.Checked>();
        services.AddSingleton<BackupCatalog>();
        // pg_dump needs the password, which NpgsqlDataSource.ConnectionString leaves out: the configured or embedded one.
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<DatabaseBackup>(sp,
            sp.GetRequiredService<IConfiguration>().GetConnectionString("StudentHub") is { Length: > 0 } configured
                ? configured
                : sp.GetRequiredService<Database.EmbeddedDatabase>().ConnectionString));
        services.AddTaskHandler<DatabaseBackupTask>(DatabaseBackup.TaskType);

        // Before Coravel's own host, so that the heartbeat is scheduled before Coravel's first tick.
        services.AddHostedService<HeartbeatSchedule>();
        SchedulerServiceRegistration.AddScheduler(services);
        return services;
    }

    /// <summary>Registers <typeparamref name="THandler"/> as the work of <paramref name="taskType"/>, a type the dashboard offers.</summary>
    public static IServiceCollection AddTaskHandler<THandler>(this IServiceCollection services, string taskType)
        where THandler : class, ITaskHandler =>
        services.AddSingleton(new TaskTypeRegistration(taskType)).AddKeyedScoped<ITaskHandler, THandler>(taskType);

    /// <summary>
    /// Makes the missing built-in tasks and schedules the heartbeat at start-up, unless <see cref="SchedulerOptions.Enabled"/>
    /// is off. Runs after the database's own start-up (registered later), so the tables exist.
    /// </summary>
    private sealed class HeartbeatSchedule(
        IServiceProvider services, BuiltInTasks builtIns, IOptions<SchedulerOptions> options, ILogger<HeartbeatSchedule> logger)
        : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var settings = options.Value;
            if (!settings.Enabled)
            {
                logger.LogInformation("The scheduler is off (Scheduler:Enabled): this instance runs no scheduled tasks");
                return;
            }
            await builtIns.EnsureAsync(cancellationToken);
            services.UseScheduler(scheduler => scheduler
                    .Schedule<SchedulerHeartbeat>()
                    .EverySeconds(settings.BeatSeconds)
                    // A beat still running its handlers makes the next one wait rather than start a second dispatcher here.
                    .PreventOverlapping(nameof(SchedulerHeartbeat)))
                .OnError(e => logger.LogError(e, "A scheduler heartbeat failed"));
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class Checked : IValidateOptions<SchedulerOptions>
    {
        public ValidateOptionsResult Validate(string? name, SchedulerOptions options) =>
            options.Problem() is { } message ? ValidateOptionsResult.Fail($"{SchedulerOptions.Section}: {message}") : ValidateOptionsResult.Success;
    }
}
