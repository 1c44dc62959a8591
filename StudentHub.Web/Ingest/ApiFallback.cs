using Microsoft.AspNetCore.Routing.Template;

namespace StudentHub.Web.Ingest;

/// <summary>
/// Every <c>/api/…</c> request no endpoint takes: 405 (with <c>Allow</c>) for a known path asked with another
/// method, else 404, both as problem details. Without it such a request would fall to the web UI's rules and be
/// redirected to the sign-in page, which tells a node nothing.
/// </summary>
public static class ApiFallback
{
    public static IEndpointConventionBuilder MapApiFallback(this IEndpointRouteBuilder app) =>
        app.MapFallback("/api/{**path}", Answer).AllowAnonymous().ExcludeFromDescription();

    private static IResult Answer(HttpContext context, EndpointDataSource endpoints)
    {
        var path = context.Request.Path;
        var methods = endpoints.Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) == true
                        && e.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods.Count: > 0 }
                        && new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText), []).TryMatch(path, []))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        // The request's own method among them means the path only looked right: a route constraint ({id:guid}) refused it.
        if (methods.Count > 0 && !methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            context.Response.Headers.Allow = string.Join(", ", methods);
            return TypedResults.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed",
                detail: $"{path} answers {string.Join(", ", methods)}, not {context.Request.Method}.");
        }
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such API endpoint",
            detail: $"The API has no {path}. Its endpoints are described at /openapi/v1.json and /scalar.");
    }
}
