namespace StudentHub.Web.Users;

public static class UsersExtensions
{
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddScoped<UserAccounts>();
        services.AddHostedService<AccountSeeding>();
        return services;
    }
}
