using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;
using StudentHub.Web.Ingest;

namespace StudentHub.Web.Timeline;

[Description("A page of a student's timeline, newest first.")]
public sealed record TimelineResponse(
    [property: JsonPropertyName("events")] IReadOnlyList<TimelineEventOutput> Events,
    [property: JsonPropertyName("next_cursor"), Description("Pass as ?before= for the next, older page; null at the oldest event.")]
    string? NextCursor);

[Description("One stored learning event, as the nodes post them.")]
public sealed record TimelineEventOutput(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("event_id")] Guid? EventId,
    [property: JsonPropertyName("student_id")] Guid StudentId,
    [property: JsonPropertyName("event_type")] string EventType,
    [property: JsonPropertyName("source_node")] int SourceNode,
    [property: JsonPropertyName("source_id")] string? SourceId,
    [property: JsonPropertyName("occurred_at")] DateTimeOffset OccurredAt,
    [property: JsonPropertyName("content"), Description("The content as stored, every key kept.")] JsonObject Content);

/// <summary>
/// <c>GET /api/v1/students/{id}/events</c>: a student's timeline for keys made with read access, a page at a time
/// on the same keyset cursor the timeline page uses. Keys are not bound to schools: a node with read access reads
/// any student, as it may post for any.
/// </summary>
public static class TimelineApi
{
    public static RouteGroupBuilder MapTimelineApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Timeline");

        api.MapGet("/students/{id:guid}/events", GetEventsAsync)
            .WithName("GetStudentEvents")
            .WithSummary("Read a student's learning events, newest first")
            .WithDescription(
                "Pages through the student's timeline with a cursor: the answer's next_cursor, passed as ?before=, gives the " +
                "next older page, and no event is skipped or repeated (events with equal occurred_at included). Needs a key with read access.")
            .RequireAuthorization(IngestPolicies.ReadEvents)
            .RequireRateLimiting(IngestRateLimitPolicy.Name)
            .Produces<TimelineResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        return api;
    }

    public static async Task<Results<Ok<TimelineResponse>, ProblemHttpResult>> GetEventsAsync(
        Guid id,
        [FromQuery, Description("The next_cursor of the previous page; absent for the newest events.")] string? before,
        [FromQuery, Description("Events per page, 1 to 200; 50 when absent.")] string? limit,
        TimelineQuery timeline,
        IDbContextFactory<StudentHubDbContext> contextFactory,
        CancellationToken ct)
    {
        // Both read as text, so that a bad value gets a problem naming it rather than the framework's bare 400.
        var errors = new Dictionary<string, string[]>();
        TimelineCursor? cursor = null;
        if (before is not null)
        {
            if (TimelineCursor.TryParse(before, out var parsed))
                cursor = parsed;
            else
                errors["before"] = ["before is the next_cursor of a previous answer, passed back unchanged."];
        }
        var size = TimelineQuery.PageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > TimelineQuery.MaxPageSize))
            errors["limit"] = [$"limit is a whole number from 1 to {TimelineQuery.MaxPageSize}."];
        if (errors.Count > 0)
            return TypedResults.Problem(new HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid query",
                Detail = "Correct the named parameters.",
            });

        await using (var db = await contextFactory.CreateDbContextAsync(ct))
        {
            if (!await db.Students.AnyAsync(s => s.Id == id, ct))
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such student",
                    detail: $"No student has the id {id}.");
        }

        var page = await timeline.PageAsync(id, TimelineFilter.None, cursor, size, ct);
        return TypedResults.Ok(new TimelineResponse(
            page.Events.Select(e => new TimelineEventOutput(
                e.Id, e.EventId, id, SnakeCaseEnumConverter<EventType>.ToDatabase(e.EventType), e.SourceNode, e.SourceId, e.OccurredAt,
                JsonNode.Parse(e.RawJson)!.AsObject())).ToList(),
            page.Next?.ToString()));
    }
}
