using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StudentHub.Web.Activity;

public sealed class ActivityOptions
{
    /// <summary>How often an open activity page asks for newly stored events.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

public static class ActivityExtensions
{
    public static IServiceCollection AddActivity(this IServiceCollection services)
    {
        services.AddOptions<ActivityOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ActivityNotifier>();
        return services.AddScoped<RecentActivity>();
    }
}
