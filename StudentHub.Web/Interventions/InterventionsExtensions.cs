namespace StudentHub.Web.Interventions;

public static class InterventionsExtensions
{
    public static IServiceCollection AddInterventions(this IServiceCollection services) =>
        services;
}
