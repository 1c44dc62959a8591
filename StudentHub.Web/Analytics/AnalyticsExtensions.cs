using Microsoft.Extensions.DependencyInjection.Extensions;
using StudentHub.Web.Scheduler;

namespace StudentHub.Web.Analytics;

public static class AnalyticsExtensions
{
    /// <summary>The <c>weekly_analytics</c> task and the Analytics page's reader.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services.AddScoped<AnalyticsReader>()
            .AddTaskHandler<WeeklyAnalyticsTask>(WeeklyAnalyticsTask.TaskType);
    }
}
