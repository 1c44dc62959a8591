using StudentHub.Data.Entities;
using StudentHub.Web.Localization;

namespace StudentHub.Web.Scheduler;

/// <summary>The units the schedule editor offers for an interval, as seconds.</summary>
public enum IntervalUnit
{
    Minutes = 60,
    Hours = 3600,
    Days = 86400,
}

/// <summary>
/// The schedule editor's fields as typed: the interval as a number and a unit, the one-time moment as the reader's wall
/// clock. <see cref="ToSpec"/> turns them into the <see cref="ScheduleSpec"/> that is checked, previewed and saved.
/// </summary>
public sealed class ScheduleInput
{
    /// <summary>Zones offered in the editor's list; any other IANA name may be typed.</summary>
    public static readonly IReadOnlyList<string> CommonZones =
    [
        "Asia/Seoul", "UTC", "Asia/Tokyo", "Asia/Shanghai", "Asia/Singapore", "Europe/London", "Europe/Paris", "Europe/Berlin",
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Australia/Sydney",
    ];

    public ScheduleType Type { get; set; } = ScheduleType.Cron;
    public string? CronExpression { get; set; } = "0 9 * * *";

    /// <summary>Blank: the configured default zone.</summary>
    public string? TimeZone { get; set; }

    public int? IntervalValue { get; set; } = 1;
    public IntervalUnit IntervalUnit { get; set; } = IntervalUnit.Hours;

    /// <summary>The one-time moment on the reader's clock.</summary>
    public DateTime? RunAt { get; set; }

    /// <summary>
    /// The fields of a saved schedule. An interval shows in the largest unit that divides it; one of seconds that are not
    /// whole minutes (the editor never writes one) shows rounded up to minutes.
    /// </summary>
    public static ScheduleInput From(ScheduleSpec spec, TimeZoneInfo readerZone)
    {
        var input = new ScheduleInput { Type = spec.Type, CronExpression = spec.CronExpression, TimeZone = spec.TimeZone };
        if (spec.IntervalSeconds is { } seconds)
        {
            input.IntervalUnit = seconds % (int)IntervalUnit.Days == 0 ? IntervalUnit.Days
                : seconds % (int)IntervalUnit.Hours == 0 ? IntervalUnit.Hours
                : IntervalUnit.Minutes;
            input.IntervalValue = (seconds + (int)input.IntervalUnit - 1) / (int)input.IntervalUnit;
        }
        if (spec.RunAt is { } runAt)
            input.RunAt = TimeZoneInfo.ConvertTime(runAt, readerZone).DateTime;
        return input;
    }

    public ScheduleSpec ToSpec(TimeZoneInfo readerZone) => new ScheduleSpec(
        Type,
        CronExpression,
        TimeZone,
        // Too large for the column reads as the largest int, which the validation then refuses as out of range.
        IntervalValue is { } value ? (int)Math.Clamp((long)value * (int)IntervalUnit, int.MinValue, int.MaxValue) : null,
        RunAt is { } wallClock ? ReaderTimeZone.InstantOf(wallClock, readerZone) : null).Normalized();
}
