using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using StudentHub.Data;

namespace StudentHub.Web.Security;

/// <summary>
/// The user acting in this scope (an HTTP request or a Blazor circuit), for the audit trail and for school
/// scoping. Work the system does by itself (jobs, start-up) has no user unless it sets one with <see cref="Set"/>.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor httpContext) : IAuditActor
{
    private static readonly ClaimsPrincipal Nobody = new(new ClaimsIdentity());
    private ClaimsPrincipal? _principal;

    public ClaimsPrincipal Principal => _principal ?? httpContext.HttpContext?.User ?? Nobody;

    public string? UserId => Principal.FindFirstValue(ClaimTypes.NameIdentifier);

    public string? UserName => Principal.Identity?.Name;

    public bool IsInRole(string role) => Principal.IsInRole(role);

    public void Set(ClaimsPrincipal principal) => _principal = principal;
}

/// <summary>
/// A circuit outlives the request that opened it, so the HTTP context is no guide there: the circuit's own
/// authentication state is copied into <see cref="CurrentUser"/> when it opens and whenever it changes.
/// </summary>
internal sealed class CurrentUserCircuitHandler(AuthenticationStateProvider authentication, CurrentUser currentUser)
    : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnAuthenticationChanged;
        currentUser.Set((await authentication.GetAuthenticationStateAsync()).User);
    }

    private void OnAuthenticationChanged(Task<AuthenticationState> state) =>
        _ = state.ContinueWith(t => currentUser.Set(t.Result.User), TaskContinuationOptions.OnlyOnRanToCompletion);

    public void Dispose() => authentication.AuthenticationStateChanged -= OnAuthenticationChanged;
}
