using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StudentHub.Web.Demo;

public static class DemoDataServiceCollectionExtensions
{
    /// <summary>Registers <see cref="DemoDataSeeder"/>; an <c>NpgsqlDataSource</c> must be registered too.</summary>
    public static IServiceCollection AddDemoData(this IServiceCollection services)
    {
        services.TryAddSingleton<DemoDataSeeder>();
        return services;
    }
}
