using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using StudentHub.Data.Entities;
using StudentHub.Web.Localization;
using StudentHub.Web.Scheduler;
using static StudentHub.Tests.Scheduler.SchedulerTestKit;

namespace StudentHub.Tests.Scheduler;

/// <summary>The schedule editor's checks, field by field and in the reader's language, and the fields it types turned into a schedule.</summary>
public sealed class ScheduleValidationTests
{
    [Theory]
    [InlineData("en-US", "'0 9 * *' has 4 fields; a cron expression has 5 (minute hour day month weekday) or 6 (seconds first).",
        "'Mars/Olympus' is not a known time zone; use an IANA name such as Asia/Seoul.")]
    [InlineData("ko-KR", "'0 9 * *'에는 필드가 4개 있습니다. 크론 식은 5개(분 시 일 월 요일) 또는 6개(맨 앞에 초)입니다.",
        "'Mars/Olympus'은(는) 알 수 없는 시간대입니다. Asia/Seoul 같은 IANA 이름을 쓰세요.")]
    public void EachProblem_IsBesideItsField_InTheReadersLanguage(string culture, string cron, string zone)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        using var services = new ServiceCollection().AddLogging().AddStudentHubLocalization().BuildServiceProvider();
        var validation = new ScheduleValidation(services.GetRequiredService<IStringLocalizer<ScheduleValidation>>());

        var problems = validation.Check(new ScheduleSpec(ScheduleType.Cron, "0 9 * *", "Mars/Olympus", null, null), Now, null);

        Assert.Equal([new ScheduleProblem(ScheduleField.TimeZone, zone), new ScheduleProblem(ScheduleField.Cron, cron)], problems);
        Assert.Empty(validation.Check(new ScheduleSpec(ScheduleType.Cron, "0 0 9 * * 1-5", " Asia/Seoul ", null, null), Now, null));
    }

    [Theory]
    [InlineData("en-US", "61 * * * *", "'61 * * * *' is not a valid cron expression: the minute field, '61', is wrong; it takes 0-59.")]
    [InlineData("ko-KR", "61 * * * *", "'61 * * * *'은(는) 올바른 크론 식이 아닙니다. 분 필드의 '61'이(가) 잘못되었습니다(분: 0-59).")]
    [InlineData("en-US", "0 9 * 13 *", "'0 9 * 13 *' is not a valid cron expression: the month field, '13', is wrong; it takes 1-12 or JAN-DEC.")]
    [InlineData("ko-KR", "0 9 * * 1-9", "'0 9 * * 1-9'은(는) 올바른 크론 식이 아닙니다. 요일 필드의 '1-9'이(가) 잘못되었습니다(요일: 0-7, 0과 7은 일요일).")]
    [InlineData("ko-KR", "0 0 25 * * *", "'0 0 25 * * *'은(는) 올바른 크론 식이 아닙니다. 시 필드의 '25'이(가) 잘못되었습니다(시: 0-23).")]
    [InlineData("ko-KR", "@sometimes", "'@sometimes'은(는) 올바른 크론 식이 아닙니다. '분 시 일 월 요일' 5개 필드로 쓰세요. 예: 0 9 * * 1-5")]
    [InlineData("en-US", "@sometimes", "'@sometimes' is not a valid cron expression. Write 5 fields, minute hour day month weekday, such as 0 9 * * 1-5.")]
    public void ABadCronField_IsNamed_InTheReadersLanguageOnly(string culture, string cron, string expected)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        using var services = new ServiceCollection().AddLogging().AddStudentHubLocalization().BuildServiceProvider();
        var validation = new ScheduleValidation(services.GetRequiredService<IStringLocalizer<ScheduleValidation>>());

        var problems = validation.Check(new ScheduleSpec(ScheduleType.Cron, cron, null, null, null), Now, null);

        Assert.Equal([new ScheduleProblem(ScheduleField.Cron, expected)], problems);
        // Cronos's own English reason stays out of the page (it is kept in the exception's message, for logs).
        Assert.DoesNotContain("Value must be", problems[0].Message);
    }

    [Fact]
    public void Input_ReadsTheOneTimeMomentOnTheReadersClock_AndTheIntervalInItsUnit()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var input = new ScheduleInput { Type = ScheduleType.OneTime, RunAt = new DateTime(2026, 7, 1, 9, 0, 0), CronExpression = "0 9 * * *" };

        var spec = input.ToSpec(newYork);

        Assert.Equal(new ScheduleSpec(ScheduleType.OneTime, null, null, null, new DateTimeOffset(2026, 7, 1, 13, 0, 0, TimeSpan.Zero)), spec);
        var back = ScheduleInput.From(new ScheduleSpec(ScheduleType.Interval, null, null, 3 * 86400, null), newYork);
        Assert.Equal((3, IntervalUnit.Days), (back.IntervalValue, back.IntervalUnit));
        Assert.Equal(int.MaxValue, new ScheduleInput { Type = ScheduleType.Interval, IntervalValue = int.MaxValue, IntervalUnit = IntervalUnit.Days }.ToSpec(newYork).IntervalSeconds);
    }
}
