using StudentHub.Data.Entities;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.Scheduler;

public sealed class NextRunTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0, int second = 0, int year = 2026) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    private static ScheduledTask Cron(string expression, string? zone = null) =>
        new() { ScheduleType = ScheduleType.Cron, CronExpression = expression, Config = new TaskConfig { TimeZone = zone } };

    private static ScheduledTask Interval(int seconds) =>
        new() { ScheduleType = ScheduleType.Interval, Config = new TaskConfig { IntervalSeconds = seconds } };

    [Fact]
    public void Cron_InSeoul_RunsAtNineLocal_WhichIsMidnightUtc()
    {
        var next = NextRun.After(Cron("0 9 * * *", "Asia/Seoul"), Utc(3, 10, 0), Utc(3, 10, 0, 0, 5), defaultTimeZone: null);

        Assert.Equal(Utc(3, 11, 0), next);
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset); // what a timestamptz parameter takes
    }

    [Fact]
    public void Cron_WithoutZone_ReadsTheConfiguredDefault_ElseUtc()
    {
        Assert.Equal(Utc(3, 11, 0), NextRun.After(Cron("0 9 * * *"), Utc(3, 10, 0), Utc(3, 10, 0, 0, 5), "Asia/Seoul"));
        Assert.Equal(Utc(3, 10, 9), NextRun.After(Cron("0 9 * * *"), Utc(3, 10, 0), Utc(3, 10, 0, 0, 5), defaultTimeZone: null));
    }

    [Fact]
    public void Cron_AcrossSpringForward_KeepsTheLocalTime_AndRunsASkippedTimeAtTheJump()
    {
        // New York moves from EST (−5) to EDT (−4) at 02:00 on Sunday 8 March 2026; 02:30 does not exist that day.
        Assert.Equal(Utc(3, 8, 13), NextRun.After(Cron("0 9 * * *", "America/New_York"), Utc(3, 7, 14), Utc(3, 7, 14, 0, 1), null));

        var skipped = Cron("30 2 * * *", "America/New_York");
        var atTheJump = NextRun.After(skipped, Utc(3, 7, 7, 30), Utc(3, 7, 7, 30, 1), null);
        Assert.Equal(Utc(3, 8, 7), atTheJump); // 03:00 EDT
        Assert.Equal(Utc(3, 9, 6, 30), NextRun.After(skipped, atTheJump!.Value, atTheJump.Value.AddSeconds(1), null)); // 02:30 EDT
    }

    [Fact]
    public void Cron_AcrossFallBack_RunsARepeatedTimeOnce()
    {
        // New York goes back from EDT to EST at 02:00 on Sunday 1 November 2026: 01:30 happens twice that night.
        var task = Cron("30 1 * * *", "America/New_York");
        var first = NextRun.After(task, Utc(10, 31, 5, 30), Utc(10, 31, 5, 30, 1), null);
        Assert.Equal(Utc(11, 1, 5, 30), first); // 01:30 EDT
        Assert.Equal(Utc(11, 2, 6, 30), NextRun.After(task, first!.Value, first.Value.AddSeconds(1), null)); // 01:30 EST, the next day
        Assert.Equal(Utc(11, 2, 14), NextRun.After(Cron("0 9 * * *", "America/New_York"), Utc(11, 1, 14), Utc(11, 1, 14, 0, 1), null));
    }

    [Fact]
    public void Cron_WithSixFields_ReadsSecondsFirst()
    {
        Assert.Equal(Utc(3, 10, 0, 0, 30), NextRun.After(Cron("30 * * * * *"), Utc(3, 10, 0), Utc(3, 10, 0, 0, 1), null));
    }

    [Fact]
    public void Interval_CountsFromTheScheduledTime_SoSlowRunsDoNotDrift()
    {
        var task = Interval(600);
        var scheduled = Utc(3, 10, 10);
        foreach (var runSeconds in new[] { 7, 59, 1, 300 })
        {
            var next = NextRun.After(task, scheduled, scheduled.AddSeconds(runSeconds), null)!.Value;
            Assert.Equal(scheduled.AddMinutes(10), next);
            scheduled = next;
        }
        Assert.Equal(Utc(3, 10, 10, 40), scheduled);
    }

    [Fact]
    public void MissedOccurrences_RunOnce_ThenTheScheduleGoesOnFromNow()
    {
        // Down from 10:00 to 13:05: the 10:00 run happens once at 13:05, and the 18 missed ones after it are skipped.
        Assert.Equal(Utc(3, 10, 13, 10), NextRun.After(Interval(600), Utc(3, 10, 10), Utc(3, 10, 13, 5), null));
        // An interval landing exactly on now is already past: the next one is a whole period later.
        Assert.Equal(Utc(3, 10, 13, 10), NextRun.After(Interval(600), Utc(3, 10, 10), Utc(3, 10, 13), null));
        // Down four days: the daily 09:00 (Seoul) runs once, and next at the next 09:00.
        Assert.Equal(Utc(3, 15, 0), NextRun.After(Cron("0 9 * * *", "Asia/Seoul"), Utc(3, 10, 0), Utc(3, 14, 3), null));
    }

    [Fact]
    public void OneTime_HasNoNextRun()
    {
        Assert.Null(NextRun.After(new ScheduledTask { ScheduleType = ScheduleType.OneTime }, Utc(3, 10, 0), Utc(3, 10, 0, 0, 5), null));
    }

    [Theory]
    [InlineData("0 9 * * *", null)]
    [InlineData("*/15 8-18 * * MON-FRI", null)]
    [InlineData("0 0 2 1 * *", null)]
    [InlineData("@daily", null)]
    [InlineData("0 9 * *", "has 4 fields")]
    [InlineData("0 0 9 * * * 2026", "has 7 fields")]
    [InlineData("61 9 * * *", "is not a valid cron expression")]
    [InlineData("0 9 * * FUNDAY", "is not a valid cron expression")]
    [InlineData("", "needs a cron expression")]
    public void Problem_NamesWhatIsWrongWithACronExpression(string expression, string? problem)
    {
        var found = NextRun.Problem(ScheduleType.Cron, expression, new TaskConfig(), null);

        if (problem is null)
            Assert.Null(found);
        else
            Assert.Contains(problem, found);
    }

    [Fact]
    public void Problem_NamesAnUnknownZone_AndAMissingInterval()
    {
        Assert.Contains("'Mars/Olympus' is not a known time zone",
            NextRun.Problem(ScheduleType.Cron, "0 9 * * *", new TaskConfig { TimeZone = "Mars/Olympus" }, null));
        Assert.Contains("'Nowhere' is not a known time zone", NextRun.Problem(ScheduleType.OneTime, null, new TaskConfig(), "Nowhere"));
        Assert.Contains("interval_seconds", NextRun.Problem(ScheduleType.Interval, null, new TaskConfig(), null));
        Assert.Null(NextRun.Problem(ScheduleType.Interval, null, new TaskConfig { IntervalSeconds = 60 }, "Asia/Seoul"));
    }
}
