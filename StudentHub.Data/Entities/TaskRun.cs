using System.Text.Json;

namespace StudentHub.Data.Entities;

/// <summary>One run of a <see cref="ScheduledTask"/> (table <c>task_runs</c>): what the dashboard's run history shows.</summary>
public class TaskRun
{
    public Guid Id { get; set; }
    public Guid TaskId { get; set; }

    /// <summary>The occurrence this run is for; a retry keeps the occurrence it retries.</summary>
    public DateTimeOffset ScheduledFor { get; set; }

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public TaskRunOutcome Outcome { get; set; }

    /// <summary>1 for the occurrence's first try, 2 for its first retry…</summary>
    public int Attempt { get; set; }

    public string? Error { get; set; }

    /// <summary>What the handler reports (counts, a report link…): open, each handler names its own keys.</summary>
    public Dictionary<string, JsonElement>? Output { get; set; }

    /// <summary>The app instance that ran it.</summary>
    public string Instance { get; set; } = "";

    /// <summary>While running: past this moment the instance is taken for dead and the run for abandoned.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public ScheduledTask? ScheduledTask { get; set; }
}

public enum TaskRunOutcome
{
    Running,
    Succeeded,
    Failed,
    TimedOut,
    Abandoned,
}
