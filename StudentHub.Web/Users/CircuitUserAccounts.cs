using Microsoft.AspNetCore.Components.Authorization;
using StudentHub.Web.Security;

namespace StudentHub.Web.Users;

/// <summary>
/// <see cref="UserAccounts"/> for the pages of a Blazor circuit. A circuit lives for hours, so it must not hold one
/// UserManager and DbContext (their tracked entities go stale, one failed save poisons the next): each operation
/// gets a scope of its own, acting as the circuit's signed-in user so the audit trail names who made the change.
/// </summary>
public sealed class CircuitUserAccounts(IServiceScopeFactory scopeFactory, AuthenticationStateProvider authentication)
{
    public async Task<T> RunAsync<T>(Func<UserAccounts, Task<T>> operation)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        await using var scope = scopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(state.User);
        return await operation(scope.ServiceProvider.GetRequiredService<UserAccounts>());
    }
}
