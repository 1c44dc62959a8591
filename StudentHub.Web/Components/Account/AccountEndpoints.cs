using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using StudentHub.Data.Entities;
using StudentHub.Web.Audit;
using StudentHub.Web.Security;

namespace StudentHub.Web.Components.Account;

public static class AccountEndpoints
{
    /// <summary><c>POST /account/logout</c>: a form post with an antiforgery token, so another site cannot sign a user out.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", SignOutAsync);
        return endpoints;
    }

    private static async Task<IResult> SignOutAsync(SignInManager<ApplicationUser> signInManager, AuditTrail audit, [FromForm] string? returnUrl)
    {
        await audit.RecordAsync(AuditActions.SignOut);
        await signInManager.SignOutAsync();
        return TypedResults.LocalRedirect(SecurityExtensions.SignInPath);
    }
}
