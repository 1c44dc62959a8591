using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Web.Scheduler;

/// <summary>
/// A task's schedule as staff write it: cron (in <see cref="TimeZone"/>, blank for the configured default), an interval, or
/// one time (<see cref="RunAt"/>, UTC).
/// </summary>
/// <remarks>
/// The first run after a save is the next cron occurrence after now, one interval after now (use "Run now" for one at
/// once), or the one-time moment. Later runs are <see cref="NextRun.After"/> of the one before, as the dispatcher
/// computes them when a run ends: the preview is what then runs.
/// </remarks>
public sealed record ScheduleSpec(ScheduleType Type, string? CronExpression, string? TimeZone, int? IntervalSeconds, DateTimeOffset? RunAt)
{
    public static ScheduleSpec Of(ScheduledTask task) => new(
        task.ScheduleType, task.CronExpression, task.Config.TimeZone, task.Config.IntervalSeconds,
        task.ScheduleType == ScheduleType.OneTime ? task.NextRunAt : null);

    /// <summary>The spec with blank text as null and the fields another type does not use cleared.</summary>
    public ScheduleSpec Normalized() => new(
        Type,
        Type == ScheduleType.Cron ? Blank(CronExpression) : null,
        Blank(TimeZone),
        Type == ScheduleType.Interval ? IntervalSeconds : null,
        Type == ScheduleType.OneTime ? RunAt?.ToUniversalTime() : null);

    /// <summary>Writes the schedule's fields into <paramref name="task"/> (a new config object, so the change is seen); the next run is left alone.</summary>
    public void ApplyTo(ScheduledTask task)
    {
        var spec = Normalized();
        task.ScheduleType = spec.Type;
        task.CronExpression = spec.CronExpression;
        var config = OpenJsonColumn.Deserialize<TaskConfig>(OpenJsonColumn.Serialize(task.Config));
        config.TimeZone = spec.TimeZone;
        config.IntervalSeconds = spec.IntervalSeconds;
        task.Config = config;
    }

    /// <summary>When a task with this schedule, saved at <paramref name="now"/>, first runs.</summary>
    /// <exception cref="InvalidScheduleException">The schedule cannot be computed.</exception>
    public DateTimeOffset? FirstRun(DateTimeOffset now, string? defaultTimeZone)
    {
        var spec = Normalized();
        return spec.Type switch
        {
            ScheduleType.OneTime => spec.RunAt,
            // After(task, now, now) is the first whole interval after now, and the next cron occurrence after now.
            _ => NextRun.After(spec.Scratch(), now, now, defaultTimeZone),
        };
    }

    /// <summary>The first <paramref name="count"/> runs after a save at <paramref name="now"/>, each from the one before as the dispatcher goes on.</summary>
    /// <exception cref="InvalidScheduleException">The schedule cannot be computed.</exception>
    public IReadOnlyList<DateTimeOffset> Preview(DateTimeOffset now, string? defaultTimeZone, int count = 5)
    {
        var task = Normalized().Scratch();
        var runs = new List<DateTimeOffset>(count);
        for (var next = FirstRun(now, defaultTimeZone); next is { } at && runs.Count < count; next = NextRun.After(task, at, at, defaultTimeZone))
            runs.Add(at);
        return runs;
    }

    private ScheduledTask Scratch()
    {
        var task = new ScheduledTask();
        ApplyTo(task);
        return task;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
