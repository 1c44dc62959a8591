namespace StudentHub.Web.Shell;

public static class ShellExtensions
{
    /// <summary>The app shell around every page: navigation, breadcrumbs, the user's name and theme.</summary>
    public static IServiceCollection AddShell(this IServiceCollection services) =>
        services
            .AddScoped<ShellProfiles>()
            .AddScoped<BreadcrumbTrail>();
}
