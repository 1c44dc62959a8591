using Cronos;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Scheduler;

/// <summary>What is wrong with a schedule; the dashboard words each one in the reader's language (<see cref="ScheduleValidation"/>).</summary>
public enum ScheduleProblemKind
{
    CronMissing,
    CronFieldCount,
    CronInvalid,
    CronFieldInvalid,
    CronNoOccurrence,
    UnknownZone,
    IntervalMissing,
}

/// <summary>A field of a cron expression, for a message that names the one at fault.</summary>
public enum CronPart
{
    Second,
    Minute,
    Hour,
    Day,
    Month,
    Weekday,
}

/// <summary>A schedule that cannot be computed: a malformed cron expression, an unknown time zone, a missing interval.</summary>
/// <param name="arguments">The values the message names, in order, for a translation of it.</param>
public sealed class InvalidScheduleException(ScheduleProblemKind kind, string message, params object?[] arguments) : Exception(message)
{
    public ScheduleProblemKind Kind { get; } = kind;

    public IReadOnlyList<object?> Arguments { get; } = arguments;
}

/// <summary>
/// When a scheduled task runs next. Cron expressions are read by Cronos (5 fields, or 6 with seconds first) in the task's
/// time zone, so "09:00" stays 09:00 local across daylight saving; Coravel's own parser never sees them.
/// </summary>
public static class NextRun
{
    /// <summary>What is wrong with a schedule, in words for the person who wrote it, or null when it is valid.</summary>
    public static string? Problem(ScheduleType type, string? cronExpression, TaskConfig config, string? defaultTimeZone) =>
        Check(type, cronExpression, config, defaultTimeZone)?.Message;

    /// <summary>What is wrong with a schedule, with its kind and the values it names, or null when it is valid.</summary>
    public static InvalidScheduleException? Check(ScheduleType type, string? cronExpression, TaskConfig config, string? defaultTimeZone)
    {
        try
        {
            _ = ZoneOf(config, defaultTimeZone);
            switch (type)
            {
                case ScheduleType.Cron:
                    _ = ParseCron(cronExpression);
                    break;
                case ScheduleType.Interval:
                    _ = IntervalOf(config);
                    break;
            }
            return null;
        }
        catch (InvalidScheduleException e)
        {
            return e;
        }
    }

    /// <summary>
    /// The run after the one for <paramref name="scheduledFor"/>, finished at <paramref name="now"/>; null for a one-time task.
    /// Occurrences that passed meanwhile (the app was down, the run was long) are skipped: they ran once, in this run.
    /// </summary>
    /// <exception cref="InvalidScheduleException">The task's schedule cannot be computed.</exception>
    public static DateTimeOffset? After(ScheduledTask task, DateTimeOffset scheduledFor, DateTimeOffset now, string? defaultTimeZone)
    {
        var from = scheduledFor > now ? scheduledFor : now;
        switch (task.ScheduleType)
        {
            case ScheduleType.Cron:
                // In UTC: Cronos answers in the zone's offset, and timestamptz parameters take offset 0 only.
                return ParseCron(task.CronExpression).GetNextOccurrence(from, ZoneOf(task.Config, defaultTimeZone))?.ToUniversalTime()
                    ?? throw new InvalidScheduleException(ScheduleProblemKind.CronNoOccurrence,
                        $"The cron expression '{task.CronExpression}' has no occurrence after {from:u}.", task.CronExpression);
            case ScheduleType.Interval:
                // Counted from the scheduled time, not from when the run ended, so runs keep their phase and do not drift.
                var interval = IntervalOf(task.Config);
                var periods = (from - scheduledFor).Ticks / interval.Ticks + 1;
                return (scheduledFor + TimeSpan.FromTicks(periods * interval.Ticks)).ToUniversalTime();
            default:
                return null;
        }
    }

    /// <summary>The time zone a task's cron expression is read in: <c>config.timezone</c>, else the configured default, else UTC.</summary>
    /// <exception cref="InvalidScheduleException">The zone is not an IANA (or Windows) time zone this machine knows.</exception>
    public static TimeZoneInfo ZoneOf(TaskConfig config, string? defaultTimeZone)
    {
        var id = !string.IsNullOrWhiteSpace(config.TimeZone) ? config.TimeZone
            : !string.IsNullOrWhiteSpace(defaultTimeZone) ? defaultTimeZone
            : null;
        if (id is null)
            return TimeZoneInfo.Utc;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : throw new InvalidScheduleException(ScheduleProblemKind.UnknownZone, $"'{id}' is not a known time zone; use an IANA name such as Asia/Seoul.", id);
    }

    private static CronExpression ParseCron(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
            throw new InvalidScheduleException(ScheduleProblemKind.CronMissing, "A cron schedule needs a cron expression.");
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        // Macros (@daily, @hourly…) are a single field of their own.
        var format = fields switch
        {
            1 when expression.TrimStart().StartsWith('@') => CronFormat.Standard,
            5 => CronFormat.Standard,
            6 => CronFormat.IncludeSeconds,
            _ => throw new InvalidScheduleException(ScheduleProblemKind.CronFieldCount,
                $"'{expression}' has {fields} fields; a cron expression has 5 (minute hour day month weekday) or 6 (seconds first).", expression, fields),
        };
        try
        {
            return CronExpression.Parse(expression.Trim(), format);
        }
        catch (CronFormatException e)
        {
            // Cronos words its reason in English only: the field at fault is found here, so that the dashboard can name it
            // in the reader's language. The English reason stays in the exception's message, for logs.
            var message = $"'{expression}' is not a valid cron expression: {e.Message}";
            throw WrongField(expression, format) is var (part, value)
                ? new InvalidScheduleException(ScheduleProblemKind.CronFieldInvalid, message, expression, part, value)
                : new InvalidScheduleException(ScheduleProblemKind.CronInvalid, message, expression);
        }
    }

    /// <summary>
    /// The first field that Cronos refuses on its own, every other field a <c>*</c>; null when each passes alone (a
    /// mismatch between fields, a macro), where no single field can be blamed.
    /// </summary>
    private static (CronPart Part, string Value)? WrongField(string expression, CronFormat format)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        CronPart[] parts = format == CronFormat.IncludeSeconds
            ? [CronPart.Second, CronPart.Minute, CronPart.Hour, CronPart.Day, CronPart.Month, CronPart.Weekday]
            : [CronPart.Minute, CronPart.Hour, CronPart.Day, CronPart.Month, CronPart.Weekday];
        if (fields.Length != parts.Length)
            return null;
        for (var i = 0; i < fields.Length; i++)
        {
            var alone = string.Join(' ', fields.Select((_, j) => j == i ? fields[i] : "*"));
            if (!CronExpression.TryParse(alone, format, out _))
                return (parts[i], fields[i]);
        }
        return null;
    }

    private static TimeSpan IntervalOf(TaskConfig config) =>
        config.IntervalSeconds is > 0 and var seconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidScheduleException(ScheduleProblemKind.IntervalMissing, "An interval schedule needs config.interval_seconds of at least 1.");
}
