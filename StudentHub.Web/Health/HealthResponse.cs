using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StudentHub.Web.Health;

/// <summary>
/// The JSON body of <c>/health/*</c>: the overall status, and each check's status, description and duration. Never an
/// exception: its message or stack can name servers and settings, and these endpoints are public. It goes to the log.
/// </summary>
internal static class HealthResponse
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Exception is null || e.Value.Description != e.Value.Exception.Message
                        ? e.Value.Description
                        // A check that threw gets its exception's message as description: not shown, see above.
                        : "failed",
                    durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                }),
        };
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }
}
