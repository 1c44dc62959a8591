using System.Globalization;
using StudentHub.Data.Entities;
using StudentHub.Web.Scheduler;
using static StudentHub.Tests.Scheduler.SchedulerTestKit;

namespace StudentHub.Tests.Scheduler;

/// <summary>Schedules in words, in English and Korean; an uncommon cron shape gets no words rather than wrong ones.</summary>
public class ScheduleWordsTests
{
    [Theory]
    [InlineData("en-US", "0 9 * * *", "Daily at 09:00")]
    [InlineData("ko-KR", "0 9 * * *", "매일 09:00")]
    [InlineData("en-US", "30 7 * * 1", "Every Monday at 07:30")]
    [InlineData("ko-KR", "30 7 * * 1", "매주 월요일 07:30")]
    [InlineData("en-US", "*/15 * * * *", "Every 15 minutes")]
    [InlineData("ko-KR", "0 */6 * * *", "6시간마다")]
    [InlineData("en-US", "0 2 1 * *", "Monthly on day 1 at 02:00")]
    [InlineData("en-US", "0 9 * * 1-5", "Weekdays at 09:00")]
    [InlineData("en-US", "0 9 1-7 * 1", null)]
    [InlineData("en-US", "not cron", null)]
    public async Task Cron_InWords(string culture, string cron, string? expected)
    {
        var words = await WordsAsync(culture, w => w.Describe(ScheduleType.Cron, cron, new TaskConfig()));
        Assert.Equal(expected, words);
    }

    [Fact]
    public async Task IntervalOneTimeAndCountdown_InWords()
    {
        Assert.Equal("Every 10 minutes", await WordsAsync("en-US", w => w.Describe(ScheduleType.Interval, null, new TaskConfig { IntervalSeconds = 600 })));
        Assert.Equal("2시간마다", await WordsAsync("ko-KR", w => w.Describe(ScheduleType.Interval, null, new TaskConfig { IntervalSeconds = 7200 })));
        Assert.Equal("Once", await WordsAsync("en-US", w => w.Describe(ScheduleType.OneTime, null, new TaskConfig())));
        Assert.Equal("in 3 h 12 min", await WordsAsync("en-US", w => w.Countdown(Now.AddMinutes(192), Now)));
        Assert.Equal("3시간 12분 후", await WordsAsync("ko-KR", w => w.Countdown(Now.AddMinutes(192), Now)));
        Assert.Equal("overdue by 5 min", await WordsAsync("en-US", w => w.Countdown(Now.AddMinutes(-5), Now)));
    }

    private static Task<string?> WordsAsync(string culture, Func<ScheduleWords, string?> describe) =>
        RunAsync<ScheduleWords, string?>(null!, Staff, new ManualClock(Now), w =>
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return Task.FromResult(describe(w));
        });
}
