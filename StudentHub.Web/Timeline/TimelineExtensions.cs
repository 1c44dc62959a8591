namespace StudentHub.Web.Timeline;

public static class TimelineExtensions
{
    public static IServiceCollection AddTimeline(this IServiceCollection services) =>
        services.AddScoped<TimelineQuery>()
            .AddScoped<TimelineStudents>();
}
