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
        Assert.Equal("in 3 h 12 min", await WordsAsync("en-US", w => w.Countdown(Now.AddMinutes(192), Now, running: false)));
        Assert.Equal("3시간 12분 후", await WordsAsync("ko-KR", w => w.Countdown(Now.AddMinutes(192), Now, running: false)));
        Assert.Equal("overdue by 5 min", await WordsAsync("en-US", w => w.Countdown(Now.AddMinutes(-5), Now, running: false)));
    }

    [Theory]
    [InlineData("en-US", 0, false, "due now")]
    [InlineData("ko-KR", 0, false, "곧 실행")]
    [InlineData("en-US", -10, false, "due now")]
    [InlineData("en-US", -11, false, "overdue by 11 s")]
    [InlineData("ko-KR", -90, false, "1분 지남")]
    [InlineData("en-US", 0.5, false, "due now")]
    [InlineData("en-US", 40, false, "in 40 s")]
    [InlineData("en-US", -3600, true, "running now")]
    [InlineData("ko-KR", -3600, true, "실행 중")]
    public async Task Countdown_IsDueNow_ForTheBeatsBeforeAClaim_AndRunningWhileATaskRuns(string culture, double seconds, bool running, string expected)
    {
        // The default beat is 5 s: a task is due, not overdue, for two beats after its time.
        Assert.Equal(expected, await WordsAsync(culture, w => w.Countdown(Now.AddSeconds(seconds), Now, running)));
    }

    private static Task<string?> WordsAsync(string culture, Func<ScheduleWords, string?> describe) =>
        RunAsync<ScheduleWords, string?>(null!, Staff, new ManualClock(Now), w =>
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return Task.FromResult(describe(w));
        });
}
