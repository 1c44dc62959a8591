using Microsoft.AspNetCore.Identity;

namespace StudentHub.Web.Users;

public static class UsersExtensions
{
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddScoped<UserAccounts>();
        services.AddScoped<CircuitUserAccounts>();
        // Added after AddIdentityCore's English describer, so UserManager and the validators get this one.
        services.AddScoped<IdentityErrorDescriber, LocalizedIdentityErrorDescriber>();
        services.AddHostedService<AccountSeeding>();
        return services;
    }
}
