using System.Globalization;
using Bunit;
using StudentHub.Tests.Shell;
using StudentHub.Web.Localization;

namespace StudentHub.Tests.Localization;

/// <summary>Times show as the reader's clock shows them: their browser's zone, their culture's format.</summary>
public class LocalTimeTests : AppComponentTest
{
    // 00:30 UTC on 1 March 2026: 09:30 that morning in Seoul, 19:30 the evening before in New York.
    private static readonly DateTimeOffset Instant = new(2026, 3, 1, 0, 30, 0, TimeSpan.Zero);

    [Fact]
    public void BeforeTheBrowserAnswers_ShowsSeoulTime()
    {
        var time = Render<LocalTime>(p => p.Add(t => t.Value, Instant).Add(t => t.Format, "yyyy-MM-dd HH:mm"));

        Assert.Equal("2026-03-01 09:30", time.Find("time").TextContent);
        Assert.Equal("2026-03-01T00:30:00Z", time.Find("time").GetAttribute("datetime"));
        Assert.Contains("(Asia/Seoul)", time.Find("time").GetAttribute("title"));
    }

    [Fact]
    public void InTheReadersZone_ShowsTheirWallClock()
    {
        BrowserReportsZone("America/New_York");

        var time = Render<LocalTime>(p => p.Add(t => t.Value, Instant).Add(t => t.Format, "yyyy-MM-dd HH:mm"));

        time.WaitForAssertion(() => Assert.Equal("2026-02-28 19:30", time.Find("time").TextContent));
        Assert.Equal("2026-03-01T00:30:00Z", time.Find("time").GetAttribute("datetime"));
        Assert.Contains("(America/New_York)", time.Find("time").GetAttribute("title"));
    }

    [Fact]
    public void DefaultFormat_IsTheCulturesShortDateAndTime()
    {
        BrowserReportsZone("America/New_York");

        var time = Render<LocalTime>(p => p.Add(t => t.Value, Instant));

        var expected = new DateTime(2026, 2, 28, 19, 30, 0).ToString("g", CultureInfo.GetCultureInfo("en-US"));
        time.WaitForAssertion(() => Assert.Equal(expected, time.Find("time").TextContent));
    }

    [Fact]
    public void NullValue_ShowsNothing()
    {
        var time = Render<LocalTime>(p => p.Add(t => t.Value, null));

        Assert.Empty(time.FindAll("time"));
    }

    [Fact]
    public void ManyTimesOnAPage_AskTheBrowserOnce()
    {
        BrowserReportsZone("Europe/Berlin");

        var first = Render<LocalTime>(p => p.Add(t => t.Value, Instant).Add(t => t.Format, "HH:mm"));
        var second = Render<LocalTime>(p => p.Add(t => t.Value, Instant.AddHours(1)).Add(t => t.Format, "HH:mm"));

        first.WaitForAssertion(() => Assert.Equal("01:30", first.Find("time").TextContent));
        second.WaitForAssertion(() => Assert.Equal("02:30", second.Find("time").TextContent));
        Assert.Single(JSInterop.Invocations, i => i.Identifier == "readerTimeZone");
    }

    [Fact]
    public void UnknownZoneFromTheBrowser_FallsBackToSeoul()
    {
        BrowserReportsZone("Mars/Olympus_Mons");

        var time = Render<LocalTime>(p => p.Add(t => t.Value, Instant).Add(t => t.Format, "HH:mm"));

        time.WaitForAssertion(() => Assert.Contains("(Asia/Seoul)", time.Find("time").GetAttribute("title")));
        Assert.Equal("09:30", time.Find("time").TextContent);
    }

    private void BrowserReportsZone(string zone) =>
        JSInterop.SetupModule("./js/reader-time-zone.js").Setup<string?>("readerTimeZone").SetResult(zone);
}

/// <summary>The same in Korean: the culture decides the format, the zone the clock.</summary>
public class LocalTimeInKoreanTests() : AppComponentTest("ko-KR")
{
    [Fact]
    public void DateFormat_IsTheKoreanOne()
    {
        JSInterop.SetupModule("./js/reader-time-zone.js").Setup<string?>("readerTimeZone").SetResult("America/New_York");

        var time = Render<LocalTime>(p => p.Add(t => t.Value, new DateTimeOffset(2026, 3, 1, 0, 30, 0, TimeSpan.Zero)).Add(t => t.Format, "D"));

        time.WaitForAssertion(() => Assert.Equal("2026년 2월 28일 토요일", time.Find("time").TextContent));
    }
}
