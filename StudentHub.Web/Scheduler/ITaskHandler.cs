using System.Text.Json;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Scheduler;

/// <summary>What a run knows about itself.</summary>
/// <param name="Task">The task as claimed.</param>
/// <param name="ScheduledFor">The occurrence being run (a retry keeps its occurrence).</param>
/// <param name="Attempt">1 for the first try, 2 for the first retry…</param>
public sealed record TaskRunContext(ScheduledTask Task, Guid RunId, DateTimeOffset ScheduledFor, int Attempt);

/// <summary>
/// The work of one task type, registered as a keyed service under its <c>task_type</c>
/// (<see cref="SchedulerExtensions.AddTaskHandler{THandler}"/>) and resolved in a scope of its own for each run.
/// </summary>
public interface ITaskHandler
{
    /// <summary>Does the work; throws to fail the run. The result is kept as the run's output (counts, a report link…).</summary>
    Task<Dictionary<string, JsonElement>?> RunAsync(TaskRunContext run, CancellationToken ct);
}

public static class TaskOutput
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>A run's output from an object's properties, in snake_case like the rest of the database's JSON.</summary>
    public static Dictionary<string, JsonElement> From<T>(T value) =>
        JsonSerializer.SerializeToElement(value, Options).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
}
