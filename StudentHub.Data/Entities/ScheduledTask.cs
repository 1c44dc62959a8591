namespace StudentHub.Data.Entities;

/// <summary>Recurring or one-time work (table <c>scheduled_tasks</c>); a null <see cref="StudentId"/> is a global task.</summary>
public class ScheduledTask
{
    public Guid Id { get; set; }
    public Guid? StudentId { get; set; }

    /// <summary>daily_report, weekly_analytics, …: open, each handler names its own.</summary>
    public string TaskType { get; set; } = "";

    public ScheduleType ScheduleType { get; set; }
    public string? CronExpression { get; set; }
    public TaskConfig Config { get; set; } = new();
    public ScheduledTaskStatus Status { get; set; } = ScheduledTaskStatus.Active;
    public DateTimeOffset? NextRunAt { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }

    /// <summary>Name kept for the other nodes; here it holds the id of the run in flight.</summary>
    public string? CeleryTaskId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Failed tries of the occurrence being retried (0 when none is); not in the design document.</summary>
    public int RetryCount { get; set; }

    /// <summary>The occurrence being retried, so that the schedule goes on from it, not from the retry; not in the design document.</summary>
    public DateTimeOffset? RetryScheduledFor { get; set; }

    public Student? Student { get; set; }
}

public enum ScheduleType
{
    Cron,
    Interval,
    OneTime,
}

public enum ScheduledTaskStatus
{
    Active,
    Paused,
    Completed,
}
