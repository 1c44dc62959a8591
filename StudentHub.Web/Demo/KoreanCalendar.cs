namespace StudentHub.Web.Demo;

/// <summary>Korean local time and the Korean school calendar, as the demo data need them.</summary>
internal static class KoreanCalendar
{
    public const string TimeZoneId = "Asia/Seoul";

    /// <summary>Korea keeps no daylight saving time: KST is UTC+9 all year.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>The school year a Korean local time falls in: it starts on 1 March.</summary>
    public static int SchoolYear(DateTime koreanTime) => koreanTime.Month >= 3 ? koreanTime.Year : koreanTime.Year - 1;

    /// <summary>The most recent graduation day (ceremonies are in mid-February) on or before <paramref name="utcNow"/>.</summary>
    public static DateOnly LastGraduationDay(DateTime utcNow)
    {
        var today = DateOnly.FromDateTime(utcNow + Offset);
        var thisYear = new DateOnly(today.Year, 2, 14);
        return thisYear <= today ? thisYear : thisYear.AddYears(-1);
    }

    /// <summary>UTC instant of <paramref name="koreanDay"/> at <paramref name="hour"/> o'clock Korean time.</summary>
    public static DateTime ToUtc(DateOnly koreanDay, int hour) =>
        DateTime.SpecifyKind(koreanDay.ToDateTime(new TimeOnly(hour, 0)) - Offset, DateTimeKind.Utc);

    /// <summary>The first instant after <paramref name="utcNow"/> that is <paramref name="hour"/> o'clock in Korea (on <paramref name="day"/>, if given).</summary>
    public static DateTime NextAt(DateTime utcNow, int hour, DayOfWeek? day = null)
    {
        var koreanDay = DateOnly.FromDateTime(utcNow + Offset);
        while (ToUtc(koreanDay, hour) <= utcNow || (day is { } wanted && koreanDay.DayOfWeek != wanted))
            koreanDay = koreanDay.AddDays(1);
        return ToUtc(koreanDay, hour);
    }
}
