using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StudentHub.Web.Ingest;

/// <summary>The authorization policies of the ingest API; each names the <c>IngestKey</c> scheme, never the sign-in cookie.</summary>
public static class IngestPolicies
{
    /// <summary>A valid, unrevoked ingest key (every key may post events).</summary>
    public const string PostEvents = "IngestPostEvents";

    /// <summary>A valid, unrevoked ingest key made with read access (<c>GET /api/v1/students/{id}/events</c>).</summary>
    public const string ReadEvents = "IngestReadEvents";
}

public static class IngestExtensions
{
    /// <summary>The ingest API's services: keys, their authentication scheme and policy, the per-key rate limit, the writer, the OpenAPI document, and the Ingest page's freshness.</summary>
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.Section)
            .Validate(o => o.RequestsPerMinute > 0 && o.MaxBodyBytes > 0, "Ingest:RequestsPerMinute and Ingest:MaxBodyBytes must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<IngestKeys>();
        services.AddScoped<IngestFreshness>();
        services.AddSingleton<EventIngestor>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, IngestKeyAuthenticationHandler>(IngestKeyAuthenticationHandler.SchemeName, displayName: null, configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(IngestPolicies.PostEvents, p => p
                .AddAuthenticationSchemes(IngestKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(IngestKeyAuthenticationHandler.ScopeClaim, IngestKeyAuthenticationHandler.WriteScope))
            .AddPolicy(IngestPolicies.ReadEvents, p => p
                .AddAuthenticationSchemes(IngestKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(IngestKeyAuthenticationHandler.ScopeClaim, IngestKeyAuthenticationHandler.ReadScope));
        services.Configure<RateLimiterOptions>(o => o.AddPolicy<string, IngestRateLimitPolicy>(IngestRateLimitPolicy.Name));

        services.AddOpenApi(ApiDocs.DocumentName, ApiDocs.Configure);
        return services;
    }
}
