using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace StudentHub.Web.Ingest;

/// <summary>
/// The <c>IngestKey</c> authentication scheme: <c>Authorization: Bearer shk_…</c>. It is never the default
/// scheme (people sign in with the Identity cookie); only endpoints whose policy names it look at the header,
/// and a failed check answers 401 problem details rather than the cookie's redirect to the sign-in page.
/// </summary>
public sealed class IngestKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IngestKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "IngestKey";

    /// <summary>The node (1–6) the key speaks for.</summary>
    public const string SourceNodeClaim = "source_node";

    /// <summary>One claim per scope: <see cref="WriteScope"/> for every key, <see cref="ReadScope"/> for keys made with read access.</summary>
    public const string ScopeClaim = "scope";

    public const string WriteScope = "events:write";
    public const string ReadScope = "events:read";

    private const string NoKey = "Send the node's ingest key as 'Authorization: Bearer <key>'.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
            return AuthenticateResult.NoResult();

        var key = await keys.FindAsync(presented, Context.RequestAborted);
        if (key is null)
            return AuthenticateResult.Fail("The ingest key is not known to the hub.");
        if (key.RevokedAt is not null)
            return AuthenticateResult.Fail("The ingest key was revoked; ask an admin for a new one.");

        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, key.Id.ToString()),
            new(ClaimTypes.Name, key.Name),
            new(SourceNodeClaim, key.SourceNode.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32),
            new(ScopeClaim, WriteScope),
        ];
        if (key.CanRead)
            claims.Add(new Claim(ScopeClaim, ReadScope));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        // RFC 6750: a presented but unusable token is "invalid_token"; no token at all gets the bare challenge.
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        // Only this handler's own reasons are shown; any other failure's message could describe the server.
        var reason = result.Failure is AuthenticationFailureException ? result.Failure.Message : NoKey;
        // A problem body also keeps the status-code pages middleware from re-running the request as an HTML page.
        await TypedResults.Problem(
                title: "An ingest key is required",
                detail: reason,
                statusCode: StatusCodes.Status401Unauthorized)
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        TypedResults.Problem(
                title: "This key may not do that",
                detail: "The ingest key is valid but lacks the scope this endpoint needs; ask an admin for a key that has it.",
                statusCode: StatusCodes.Status403Forbidden)
            .ExecuteAsync(Context);

    /// <summary>The key in a <c>Bearer</c> authorization header, or null when there is none.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string bearer = "Bearer ";
        return header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && header.Length > bearer.Length
            ? header[bearer.Length..].Trim()
            : null;
    }
}

/// <summary>Who is posting: the key's id and the node it speaks for, read from the claims the scheme issued.</summary>
public sealed record IngestCaller(Guid KeyId, int SourceNode)
{
    public static IngestCaller From(ClaimsPrincipal user) => new(
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!),
        int.Parse(user.FindFirstValue(IngestKeyAuthenticationHandler.SourceNodeClaim)!, CultureInfo.InvariantCulture));
}
