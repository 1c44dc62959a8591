using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace StudentHub.Web.Ingest;

/// <summary>
/// <c>POST /api/v1/events</c>: the six source nodes post learning events here with their ingest key. Every
/// refusal is a 4xx with RFC 7807 problem details, and whatever is refused stores nothing.
/// </summary>
public static class IngestApi
{
    public static RouteGroupBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Ingest");

        api.MapPost("/events", PostEventsAsync)
            .WithName("PostEvents")
            .WithSummary("Post a batch of learning events")
            .WithDescription(
                "Stores up to 1,000 events for the key's source node in one transaction. A retry of the same batch is safe: " +
                "events with an event_id already stored (same occurred_at and content) are counted as duplicates, not stored twice. " +
                "A batch with an invalid event is refused whole (422) naming each bad field (events[3].event_type), unless " +
                "?partial=true, which stores the valid events and lists the others.")
            .RequireAuthorization(IngestPolicies.PostEvents)
            .RequireRateLimiting(IngestRateLimitPolicy.Name)
            .Produces<IngestResult>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesValidationProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer(DescribeRequestAsync);

        return api;
    }

    public static async Task<Results<Ok<IngestResult>, ProblemHttpResult>> PostEventsAsync(
        HttpContext context,
        [FromQuery, Description("true: store the valid events and list the others, instead of refusing the batch.")] string? partial,
        EventIngestor ingestor,
        IOptions<IngestOptions> options,
        TimeProvider clock,
        CancellationToken ct)
    {
        var caller = IngestCaller.From(context.User);

        // Read by hand rather than bound: a wrong value would otherwise be the framework's bare 400.
        bool partialMode;
        if (string.IsNullOrEmpty(partial) || partial.Equals("false", StringComparison.OrdinalIgnoreCase))
            partialMode = false;
        else if (partial.Equals("true", StringComparison.OrdinalIgnoreCase))
            partialMode = true;
        else
            return Problem(StatusCodes.Status400BadRequest, "Invalid query", "partial is true or false.");

        // Checked here, not through [FromBody]/Accepts metadata: routing would answer a wrong content type with an
        // empty 415, which the app's status-code pages then turn into an HTML page.
        if (!IsUtf8Json(context.Request.ContentType))
        {
            await ingestor.RecordRefusalAsync(caller, 0, ct);
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"The body is JSON: send Content-Type: application/json (UTF-8), not '{context.Request.ContentType}'.");
        }

        var limit = options.Value.MaxBodyBytes;
        var (body, failure) = await ReadBodyAsync(context.Request, limit, ct);
        if (failure is not null)
        {
            await ingestor.RecordRefusalAsync(caller, 0, ct);
            return failure;
        }

        switch (IngestBatchReader.Read(body, caller.SourceNode, clock.GetUtcNow()))
        {
            case BatchReadResult.Malformed malformed:
                await ingestor.RecordRefusalAsync(caller, 0, ct);
                return Problem(StatusCodes.Status400BadRequest, "Malformed body", malformed.Detail);
            case BatchReadResult.TooLarge tooLarge:
                await ingestor.RecordRefusalAsync(caller, 0, ct);
                return Problem(StatusCodes.Status413PayloadTooLarge, "Batch too large", tooLarge.Detail);
            case BatchReadResult.Invalid invalid:
                await ingestor.RecordRefusalAsync(caller, 0, ct);
                return ValidationProblem(StatusCodes.Status422UnprocessableEntity, "Not a batch of events",
                    "The body is {\"events\": [ … ]}; nothing was stored.", invalid.Errors);
            case BatchReadResult.Read batch:
                return await ingestor.IngestAsync(caller, batch, partialMode, ct) switch
                {
                    IngestOutcome.Stored stored => TypedResults.Ok(stored.Result),
                    IngestOutcome.Invalid bad => ValidationProblem(StatusCodes.Status422UnprocessableEntity, "Invalid events",
                        string.Create(CultureInfo.InvariantCulture, $"{bad.Bad:N0} of the {bad.Count:N0} events are invalid, so none was stored. Correct them, or post with ?partial=true to store the others."),
                        bad.Errors),
                    IngestOutcome.Conflict conflict => ValidationProblem(StatusCodes.Status409Conflict, "Event ids reused with different content",
                        "These events reuse an event_id (with the same occurred_at) for different content, so none of the batch was stored.",
                        conflict.Errors),
                    var other => throw new InvalidOperationException($"Unexpected ingest outcome {other}."),
                };
            default:
                throw new InvalidOperationException("Unexpected read result.");
        }
    }

    private static bool IsUtf8Json(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
        && (!mediaType.Charset.HasValue
            || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || mediaType.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));

    /// <summary>The whole body, or the problem that stopped reading it: too large (413), or not well-formed HTTP (Kestrel's 400).</summary>
    private static async Task<(ReadOnlyMemory<byte> Body, ProblemHttpResult? Failure)> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        var tooLarge = Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
            string.Create(CultureInfo.InvariantCulture, $"The body is larger than {limit:N0} bytes. Send the events as several smaller batches."));
        if (request.ContentLength > limit)
            return (default, tooLarge);

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 16 * 1024, limit) + 1);
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(16 * 1024), ct);
                if (read == 0)
                    return (buffer.WrittenMemory, null);
                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                    return (default, tooLarge);
            }
        }
        catch (BadHttpRequestException e)
        {
            return (default, Problem(e.StatusCode, "Unreadable body", e.Message));
        }
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    private static ProblemHttpResult ValidationProblem(int status, string title, string detail, Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail });

    // The body is read by hand (see IngestContracts), so OpenAPI learns its schema here; and `partial`, bound as
    // text so that a wrong value gets a problem, is documented as the boolean it is.
    private static async Task DescribeRequestAsync(OpenApiOperation operation, Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "1 to 1,000 events, in snake_case.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(IngestRequest), null, ct) },
            },
        };
        foreach (var parameter in operation.Parameters ?? [])
            if (parameter.Name == "partial" && parameter is OpenApiParameter editable)
                editable.Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = false };
    }
}
