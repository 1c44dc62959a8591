using StudentHub.Web.Localization;

namespace StudentHub.Tests.Localization;

/// <summary>Days and wall-clock times in the reader's zone, as UTC instants for queries.</summary>
public class ReaderTimeZoneTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Havana = TimeZoneInfo.FindSystemTimeZoneById("America/Havana");

    [Fact]
    public void StartOfDay_IsLocalMidnight_InUtc()
    {
        var start = ReaderTimeZone.StartOfDay(new DateOnly(2026, 3, 10), ReaderTimeZone.Seoul);

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 15, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(TimeSpan.Zero, start.Offset);
    }

    [Fact]
    public void StartOfDay_FollowsDaylightSavingTime()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), ReaderTimeZone.StartOfDay(new DateOnly(2026, 3, 8), NewYork));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero), ReaderTimeZone.StartOfDay(new DateOnly(2026, 3, 9), NewYork));
    }

    [Fact]
    public void StartOfDay_WhenClocksSkipMidnight_IsTheJump()
    {
        // Havana, 8 March 2026: at 00:00 CST clocks jump to 01:00 CDT; the day's first instant is 05:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), ReaderTimeZone.StartOfDay(new DateOnly(2026, 3, 8), Havana));
    }

    [Fact]
    public void StartOfDay_WhenMidnightHappensTwice_IsTheFirst()
    {
        // Havana, 1 November 2026: at 01:00 CDT clocks go back to 00:00 CST; the day began at 00:00 CDT, 04:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero), ReaderTimeZone.StartOfDay(new DateOnly(2026, 11, 1), Havana));
    }

    [Fact]
    public void InstantOf_ATimeInTheSpringGap_IsReadInTheOffsetBeforeIt()
    {
        // New York, 8 March 2026, 02:30 does not exist: read as 02:30 EST, which the clocks show as 03:30 EDT.
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 30, 0, TimeSpan.Zero), ReaderTimeZone.InstantOf(new DateTime(2026, 3, 8, 2, 30, 0), NewYork));
    }

    [Fact]
    public void DayOf_IsTheReadersCalendarDay()
    {
        var instant = new DateTimeOffset(2026, 3, 9, 15, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2026, 3, 10), ReaderTimeZone.DayOf(instant, ReaderTimeZone.Seoul));
        Assert.Equal(new DateOnly(2026, 3, 9), ReaderTimeZone.DayOf(instant, NewYork));
    }

    [Theory]
    [InlineData("Asia/Seoul", "Asia/Seoul")]
    [InlineData("America/New_York", "America/New_York")]
    [InlineData("Not/AZone", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Find_KnowsIanaZones_AndNothingElse(string? reported, string? found) =>
        Assert.Equal(found, ReaderTimeZone.Find(reported)?.Id);
}
