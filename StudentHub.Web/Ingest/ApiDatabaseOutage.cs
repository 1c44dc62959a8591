using Npgsql;

namespace StudentHub.Web.Ingest;

/// <summary>
/// An <c>/api/…</c> request that meets PostgreSQL down or restarting is answered 503 with problem details and a
/// <c>Retry-After</c>, so a node keeps its batch and retries it. Without this it got the app's error page (HTML, or
/// plain text in Development) with a 500, which reads as a bug in the batch rather than an outage.
/// </summary>
public static class ApiDatabaseOutage
{
    private const string RetryAfterSeconds = "5";

    public static IApplicationBuilder UseApiDatabaseOutage(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiDatabaseOutage));
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                await next(context);
                return;
            }
            try
            {
                await next(context);
            }
            catch (Exception e) when (OutageCause(e) is { } cause && !context.Response.HasStarted)
            {
                // The message, not the trace: an outage fails every request alike, and a trace each would flood the log.
                logger.LogWarning("{Method} {Path} answered 503, the database is unavailable: {Error}", context.Request.Method, context.Request.Path, cause.Message);
                context.Response.Clear();
                context.Response.Headers.RetryAfter = RetryAfterSeconds;
                await TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Database unavailable",
                    detail: $"The hub cannot reach its database just now. Retry the same request (same event_ids) in {RetryAfterSeconds} seconds: events already stored are counted as duplicates, not stored twice.")
                    .ExecuteAsync(context);
            }
        });
    }

    /// <summary>
    /// The server cannot be reached or is shutting down or starting (no SQLSTATE: a socket error; class 08; 57P01–57P03),
    /// or Npgsql itself deems the error transient. A constraint or syntax error is a bug, and stays a 500. EF Core
    /// wraps the error in its own exception, hence the walk down the inner ones.
    /// </summary>
    private static NpgsqlException? OutageCause(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is PostgresException postgres)
                return postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                    ? postgres
                    : null;
            if (current is NpgsqlException npgsql)
                return npgsql;
        }
        return null;
    }
}
