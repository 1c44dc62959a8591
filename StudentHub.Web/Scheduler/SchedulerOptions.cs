namespace StudentHub.Web.Scheduler;

/// <summary>The <c>Scheduler</c> section: the heartbeat and how the dispatcher claims, runs and retries tasks.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>Off, this instance claims nothing (the tests' web apps; an instance kept for the web pages only).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between heartbeats; Coravel takes 1 to 59.</summary>
    public int BeatSeconds { get; set; } = 5;

    /// <summary>Tasks claimed, and run side by side, per heartbeat.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>A handler still running after this is cancelled and its run marked timed out.</summary>
    public int TimeoutSeconds { get; set; } = 600;

    /// <summary>
    /// A run still "running" this long after it started is taken for one whose instance died, and the task is claimed
    /// again. Longer than <see cref="TimeoutSeconds"/>, so a live run always finishes (or times out) first.
    /// </summary>
    public int LeaseSeconds { get; set; } = 900;

    /// <summary>Retries of a failed occurrence before the task waits for its next one.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry waits this long, each next one twice as long as the one before.</summary>
    public int BackoffBaseSeconds { get; set; } = 30;

    /// <summary>The zone of cron expressions whose task names none in <c>config.timezone</c>; unset is UTC.</summary>
    public string? DefaultTimeZone { get; set; }

    /// <summary>This instance's name in the run history; unset is the machine's name and the process id.</summary>
    public string? Instance { get; set; }

    public string InstanceName => string.IsNullOrWhiteSpace(Instance) ? $"{Environment.MachineName}:{Environment.ProcessId}" : Instance;

    /// <summary>The first value out of range, or null.</summary>
    public string? Problem() =>
        BeatSeconds is < 1 or > 59 ? "BeatSeconds must be from 1 to 59."
        : BatchSize < 1 || TimeoutSeconds < 1 || BackoffBaseSeconds < 1 ? "BatchSize, TimeoutSeconds and BackoffBaseSeconds must be at least 1."
        : LeaseSeconds <= TimeoutSeconds ? "LeaseSeconds must be longer than TimeoutSeconds, or a live run could be taken back."
        : MaxRetries is < 0 or > 10 ? "MaxRetries must be from 0 to 10."
        : !string.IsNullOrWhiteSpace(DefaultTimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(DefaultTimeZone, out _)
            ? $"DefaultTimeZone '{DefaultTimeZone}' is not a known time zone."
        : null;
}
