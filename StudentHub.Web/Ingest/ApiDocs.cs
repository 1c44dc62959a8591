using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace StudentHub.Web.Ingest;

/// <summary>
/// The API's OpenAPI document (<c>/openapi/v1.json</c>) and a browsable reference (<c>/scalar</c>), both open to
/// anyone: they describe the API, and every endpoint they describe still needs its key.
/// </summary>
public static class ApiDocs
{
    public const string DocumentName = "v1";

    internal static void Configure(OpenApiOptions options)
    {
        // Only the node-facing API: the sign-in form posts and the culture switch are the web UI's business.
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Student Hub API",
                Version = DocumentName,
                Description =
                    "The hub of the Mathesis learning platform. Source nodes 1–6 post learning events with the ingest key an " +
                    "admin made for them (`Authorization: Bearer shk_…`); the key decides the node. Errors are RFC 7807 " +
                    "problem details (`application/problem+json`).",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[IngestKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An ingest key (shk_…), made by an admin on the Ingest page or with `create-ingest-key`.",
            };
            var requirement = new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(IngestKeyAuthenticationHandler.SchemeName, document)] = [],
            };
            foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
                operation.Security = [requirement];
            // Document-wide too, so the reference page offers the key in its "try it" form without a choice.
            document.Security = [requirement];
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            // The app's JSON options read numbers from strings too, so every integer is documented as "integer or
            // string". The API writes numbers as numbers and IngestBatchReader reads only numbers.
            if (schema.Format == "int32" && schema.Type is { } type && type.HasFlag(JsonSchemaType.String))
            {
                schema.Type = type & ~JsonSchemaType.String;
                schema.Pattern = null;
            }
            if (context.JsonTypeInfo.Type == typeof(IngestEventInput) && schema.Properties is { } properties)
            {
                // event_type is text on the wire (so a wrong value is named, not a deserializer error): list its values.
                if (properties.TryGetValue("event_type", out var eventType) && eventType is OpenApiSchema types)
                    types.Enum = IngestBatchReader.EventTypes.Select(t => (JsonNode)JsonValue.Create(t)).ToList();
                if (properties.TryGetValue("content", out var content) && content is OpenApiSchema contentSchema)
                    contentSchema.Description =
                        "The node's own fields (action, problem_id, concept, result, time_spent, difficulty, hints_used, score, " +
                        "and any other), stored as given. Numbers must fit a 64-bit float; text may not hold \\u0000.";
            }
            return Task.CompletedTask;
        });
    }

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(ConfigureReference).AllowAnonymous();
        return app;
    }

    // The app's Content-Security-Policy allows only this site's scripts; Scalar's page also has an inline script,
    // which it marks with a fresh nonce per request, so that nonce is added to this one response's policy.
    private static void ConfigureReference(ScalarOptions options, HttpContext context)
    {
        // Nothing leaves the site: no web fonts, telemetry, AI agent or MCP features, which call Scalar's servers.
        options.WithTitle("Student Hub API")
            .WithNonce()
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools()
            .AddPreferredSecuritySchemes(IngestKeyAuthenticationHandler.SchemeName);
        context.Response.OnStarting(() =>
        {
            if (context.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce)
                context.Response.Headers.ContentSecurityPolicy =
                    context.Response.Headers.ContentSecurityPolicy.ToString().Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'");
            return Task.CompletedTask;
        });
    }
}
