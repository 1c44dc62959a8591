using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Scheduler;

/// <summary>
/// A schedule in words, in the reader's language: the common cron shapes (daily, weekly on a day, monthly on a day,
/// every N minutes or hours), intervals and one-time tasks. Any other expression is shown as written only: a wrong
/// paraphrase is worse than none (CronExpressionDescriptor is not available here).
/// </summary>
public sealed class ScheduleWords(IStringLocalizer<ScheduleWords> L, IOptions<SchedulerOptions> options)
{
    /// <summary>The words for a schedule, or null when the cron expression has no common shape.</summary>
    public string? Describe(ScheduleType type, string? cron, TaskConfig config) => type switch
    {
        ScheduleType.Interval => config.IntervalSeconds is > 0 and var seconds ? Every(seconds) : null,
        ScheduleType.OneTime => L["Once"],
        _ => Cron(cron),
    };

    private string Every(int seconds) =>
        seconds % 3600 == 0 ? (seconds == 3600 ? L["EveryHour"] : L["EveryNHours", seconds / 3600])
        : seconds % 60 == 0 ? (seconds == 60 ? L["EveryMinute"] : L["EveryNMinutes", seconds / 60])
        : L["EveryNSeconds", seconds];

    private string? Cron(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
            return null;
        var f = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (expression.Trim())
        {
            case "@daily" or "@midnight":
                return L["DailyAt", Time(0, 0)];
            case "@hourly":
                return L["EveryHour"];
            case "@weekly":
                return L["WeeklyOn", Day(0), Time(0, 0)];
            case "@monthly":
                return L["MonthlyOn", 1, Time(0, 0)];
        }
        if (f.Length != 5)
            return null;
        var (minute, hour, dayOfMonth, month, dayOfWeek) = (f[0], f[1], f[2], f[3], f[4]);
        if (month != "*")
            return null;
        if (dayOfMonth == "*" && dayOfWeek == "*")
        {
            if (minute == "*" && hour == "*")
                return L["EveryMinute"];
            if (Step(minute) is { } minutes && hour == "*")
                return L["EveryNMinutes", minutes];
            if (Number(minute, 59) == 0 && hour == "*")
                return L["EveryHour"];
            if (Number(minute, 59) == 0 && Step(hour) is { } hours)
                return L["EveryNHours", hours];
        }
        if (Number(minute, 59) is not { } m || Number(hour, 23) is not { } h)
            return null;
        if (dayOfMonth == "*" && dayOfWeek == "*")
            return L["DailyAt", Time(h, m)];
        if (dayOfMonth == "*" && Number(dayOfWeek, 7) is { } day)
            return L["WeeklyOn", Day(day % 7), Time(h, m)];
        if (dayOfMonth == "*" && dayOfWeek is "1-5" or "MON-FRI")
            return L["WeekdaysAt", Time(h, m)];
        if (dayOfWeek == "*" && Number(dayOfMonth, 31) is { } date and >= 1)
            return L["MonthlyOn", date, Time(h, m)];
        return null;
    }

    private static int? Step(string field) =>
        field.StartsWith("*/", StringComparison.Ordinal) && int.TryParse(field[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static int? Number(string field, int max) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max ? n : null;

    private static string Time(int hour, int minute) => $"{hour:00}:{minute:00}";

    private static string Day(int day) => CultureInfo.CurrentCulture.DateTimeFormat.GetDayName((DayOfWeek)day);

    /// <summary>
    /// "in 3 h 12 min", "in 40 s", "due now", "overdue by 5 min", "running": the time until <paramref name="at"/>, or
    /// what the task is doing when that time has come.
    /// </summary>
    public string Countdown(DateTimeOffset at, DateTimeOffset now, bool running)
    {
        if (running)
            return L["Running"];
        var span = at - now;
        if (span < TimeSpan.FromSeconds(1))
        {
            // A due task is claimed at the next beat, so for up to a beat (two, with the claim's own time) it is on time.
            if (-span <= TimeSpan.FromSeconds(2 * options.Value.BeatSeconds))
                return L["DueNow"];
            return L["Overdue", Span(-span)];
        }
        return L["In", Span(span)];
    }

    private string Span(TimeSpan span) =>
        span.TotalDays >= 1 ? L["DaysHours", (int)span.TotalDays, span.Hours]
        : span.TotalHours >= 1 ? L["HoursMinutes", (int)span.TotalHours, span.Minutes]
        : span.TotalMinutes >= 1 ? L["Minutes", (int)span.TotalMinutes]
        : L["Seconds", (int)span.TotalSeconds];
}
