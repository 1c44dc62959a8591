using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace StudentHub.Web.Ingest;

/// <summary>
/// At most <see cref="IngestOptions.RequestsPerMinute"/> requests a minute per ingest key, so one node's runaway
/// retry loop cannot starve the others. Over the limit: 429 problem details with <c>Retry-After</c>.
/// </summary>
/// <remarks>
/// The rate limiter runs before authentication, so the partition is the SHA-256 of the presented key, which is
/// exactly <c>ingest_keys.key_hash</c>: one partition per key, found without a database query. A request
/// without a key is not limited here; it is refused by authentication at once.
/// </remarks>
public sealed class IngestRateLimitPolicy(IOptions<IngestOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "ingest";

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        IngestKeyAuthenticationHandler.PresentedKey(httpContext.Request) is { } key
            ? RateLimitPartition.GetFixedWindowLimiter(IngestKeys.Hash(key), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.Value.RequestsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter("no key");

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, _) =>
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
                title: "Too many requests for this key",
                detail: $"This key has made its {options.Value.RequestsPerMinute} requests for this minute. Retry in {seconds} s; fuller batches need fewer requests.",
                statusCode: StatusCodes.Status429TooManyRequests)
            .ExecuteAsync(context.HttpContext);
    };
}
