using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using Microsoft.Extensions.Options;
using StudentHub.Web.Interventions;
using StudentHub.Web.Localization;
using StudentHub.Web.Security;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>The student page's charts: weeks of the reader's calendar and accuracy grouped in SQL, mastery by knowledge tracing.</summary>
public class StudentChartsTests(StudentChartsData data) : IClassFixture<StudentChartsData>
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.FindSystemTimeZoneById("UTC");

    [Fact]
    public async Task Activity_CountsEachWeekByType_InSeoulWeeks()
    {
        var activity = await ChartsFor(StudentChartsData.Admin, Roles.Admin).LoadActivityAsync(data.Weekly, ReaderTimeZone.Seoul);

        Assert.Equal(StudentCharts.Weeks, activity.Weeks.Count);
        Assert.Equal(new DateOnly(2025, 9, 15), activity.Weeks[0]);
        Assert.Equal(new DateOnly(2026, 3, 9), activity.Weeks[^1]);
        // Continuous: one Monday after another, each with a count (zero or not) in every series.
        Assert.All(activity.Weeks.Zip(activity.Weeks.Skip(1)), w => Assert.Equal(w.First.AddDays(7), w.Second));
        Assert.All(activity.Weeks, w => Assert.Equal(DayOfWeek.Monday, w.DayOfWeek));
        Assert.All(activity.Series, s => Assert.Equal(StudentCharts.Weeks, s.Counts.Length));
        Assert.Equal([EventType.Study, EventType.Test, EventType.Intervention, EventType.Review, EventType.Assessment],
            activity.Series.Select(s => s.EventType));
        Assert.Equal(
            [
                // Monday 00:00 KST, the window's first instant; 14:59 UTC the minute before is not counted.
                "2025-09-15 Review: 1",
                "2026-02-16 Study: 2",
                // Sunday 23:30 KST: still that week in Seoul.
                "2026-03-02 Test: 1",
                // Monday 00:30 KST (Sunday 15:30 UTC) opens the next one; the no-result study is counted too.
                "2026-03-09 Study: 2",
                "2026-03-09 Test: 2",
                "2026-03-09 Intervention: 1",
                "2026-03-09 Assessment: 1",
            ],
            NonZero(activity));
    }

    [Fact]
    public async Task Activity_InUtc_PutsTheSameEventsInUtcWeeks()
    {
        var activity = await ChartsFor(StudentChartsData.Admin, Roles.Admin).LoadActivityAsync(data.Weekly, Utc);

        Assert.Equal(new DateOnly(2025, 9, 15), activity.Weeks[0]);
        Assert.Equal(
            [
                "2026-02-16 Study: 2",
                // Monday 00:30 KST is Sunday 15:30 UTC: the week before in UTC.
                "2026-03-02 Study: 1",
                "2026-03-02 Test: 1",
                "2026-03-09 Study: 1",
                "2026-03-09 Test: 2",
                "2026-03-09 Intervention: 1",
                "2026-03-09 Assessment: 1",
            ],
            NonZero(activity));
        Assert.All(activity.Series.Single(s => s.EventType == EventType.Review).Counts, c => Assert.Equal(0, c));
    }

    [Fact]
    public async Task Accuracy_IsTheShareCorrectPerWeek_PartialCountsHalf_WeeksWithoutResultsAreNull()
    {
        var accuracy = await ChartsFor(StudentChartsData.Admin, Roles.Admin).LoadAccuracyAsync(data.Weekly, ReaderTimeZone.Seoul);

        Assert.Equal(StudentCharts.Weeks, accuracy.Weeks.Count);
        Assert.Equal(
            [
                "2026-02-16: 0.5 of 2",
                "2026-03-02: 0 of 1",
                // correct, correct, correct, incorrect; the study without a result and the unknown result are left out.
                "2026-03-09: 0.75 of 4",
            ],
            Weeks(accuracy));
        Assert.Equal(StudentCharts.Weeks - 3, accuracy.Accuracy.Count(a => a is null));
        Assert.Equal(0, accuracy.Results[0]);
    }

    [Fact]
    public async Task Accuracy_InUtc_RegroupsTheWeeks()
    {
        var accuracy = await ChartsFor(StudentChartsData.Admin, Roles.Admin).LoadAccuracyAsync(data.Weekly, Utc);

        Assert.Equal(["2026-02-16: 0.5 of 2", "2026-03-02: 0.5 of 2", "2026-03-09: 0.667 of 3"], Weeks(accuracy));
    }

    [Fact]
    public async Task Mastery_IsTheKnowledgeTracingEstimate_WeakestFirst()
    {
        var mastery = await ChartsFor(StudentChartsData.Admin, Roles.Admin).LoadMasteryAsync(data.Learner);

        // Values worked out apart from the app (docs/mastery.md's formulas, default parameters, as of Now, about 65 days on).
        Assert.Equal(["소수", "확률", "비율", "분수", "도형"], mastery.Select(m => m.Concept));
        // Four wrong answers; a correct one older than the window does not count.
        Assert.Equal(4, mastery[0].Attempts);
        Assert.Equal(0.1359, mastery[0].Mastery, 4);
        // Two partial answers: each read as half a success and half a failure.
        Assert.Equal(2, mastery[1].Attempts);
        Assert.Equal(0.4609, mastery[1].Mastery, 4);
        // Five wrong then five right: the recent successes outweigh the failures, well above the plain average of 0.5.
        Assert.Equal(10, mastery[2].Attempts);
        Assert.Equal(0.9176, mastery[2].Mastery, 4);
        // Five right: the newest review's wrong answer is not a study, test or assessment; the other student's is not theirs.
        Assert.Equal(5, mastery[3].Attempts);
        Assert.Equal(0.9181, mastery[3].Mastery, 4);
        // Ten wrong then twenty right.
        Assert.Equal(30, mastery[4].Attempts);
        Assert.Equal(0.9209, mastery[4].Mastery, 4);
        Assert.All(mastery.Skip(2), m => Assert.True(m.Mastery >= new MasteryOptions().Target));
    }

    [Fact]
    public async Task Mastery_ShowsTheTwelveWeakestConcepts()
    {
        var mastery = await ChartsFor(StudentChartsData.Admin, Roles.Admin).LoadMasteryAsync(data.ManyConcepts);

        Assert.Equal(StudentCharts.MasteryConcepts, mastery.Count);
        // One answer each, an hour apart: the older a wrong answer, the more it has faded back toward the prior; the
        // older a right one, likewise. C07's is the freshest failure, C08's the stalest success.
        Assert.Equal([.. Enumerable.Range(1, 7).Reverse().Select(i => $"C{i:00}"), .. Enumerable.Range(8, 5).Select(i => $"C{i:00}")],
            mastery.Select(m => m.Concept));
        Assert.Equal([.. Enumerable.Repeat(0.163, 7), .. Enumerable.Repeat(0.649, 5)], mastery.Select(m => Math.Round(m.Mastery, 3)));
    }

    [Fact]
    public async Task AStudentWithoutEvents_HasEmptyCharts_WithEveryWeek()
    {
        var charts = ChartsFor(StudentChartsData.Admin, Roles.Admin);

        var activity = await charts.LoadActivityAsync(data.Quiet, ReaderTimeZone.Seoul);
        var accuracy = await charts.LoadAccuracyAsync(data.Quiet, ReaderTimeZone.Seoul);
        var mastery = await charts.LoadMasteryAsync(data.Quiet);

        Assert.True(activity.IsEmpty);
        Assert.Equal(StudentCharts.Weeks, activity.Weeks.Count);
        Assert.True(accuracy.IsEmpty);
        Assert.All(accuracy.Accuracy, a => Assert.Null(a));
        Assert.Empty(mastery);
    }

    [Fact]
    public async Task ATeacherOfAnotherSchool_ReadsNoCharts_ATeacherOfTheSchoolDoes()
    {
        var outsider = ChartsFor(StudentChartsData.TeacherOfB, Roles.Teacher);
        Assert.True((await outsider.LoadActivityAsync(data.Weekly, ReaderTimeZone.Seoul)).IsEmpty);
        Assert.True((await outsider.LoadAccuracyAsync(data.Weekly, ReaderTimeZone.Seoul)).IsEmpty);
        Assert.Empty(await outsider.LoadMasteryAsync(data.Learner));

        var teacher = ChartsFor(StudentChartsData.TeacherOfA, Roles.Teacher);
        Assert.Equal(7, NonZero(await teacher.LoadActivityAsync(data.Weekly, ReaderTimeZone.Seoul)).Count);
        Assert.Equal(5, (await teacher.LoadMasteryAsync(data.Learner)).Count);
    }

    private StudentCharts ChartsFor(string userId, params string[] roles)
    {
        var user = new CurrentUser(new HttpContextAccessor());
        user.Set(AppComponentTest.Principal(userId, userId + "@school.kr", roles));
        var contexts = data.Database.ContextFactory();
        var clock = new StoppedClock(StudentChartsData.Now);
        return new StudentCharts(contexts, new SchoolScope(user, contexts), new StudentMastery(contexts, Options.Create(new MasteryOptions()), clock), clock);
    }

    private static List<string> NonZero(WeeklyActivity activity) =>
        activity.Series
            .SelectMany(s => s.Counts.Select((count, week) => (Week: activity.Weeks[week], s.EventType, Count: count)))
            .Where(c => c.Count > 0)
            .OrderBy(c => c.Week).ThenBy(c => c.EventType)
            .Select(c => $"{c.Week:yyyy-MM-dd} {c.EventType}: {c.Count}")
            .ToList();

    private static List<string> Weeks(WeeklyAccuracy accuracy) =>
        accuracy.Weeks
            .Select((week, i) => (Week: week, Share: accuracy.Accuracy[i], Results: accuracy.Results[i]))
            .Where(w => w.Share is not null)
            .Select(w => $"{w.Week:yyyy-MM-dd}: {Math.Round(w.Share!.Value, 3)} of {w.Results}")
            .ToList();
}

/// <summary>The charts on the student page, in English: drawn with the service's numbers, the mastery table, empty states.</summary>
public class StudentChartsViewTests : StudentComponentTest, IClassFixture<StudentChartsData>
{
    private readonly StudentChartsData _data;

    public StudentChartsViewTests(StudentChartsData data) : base(data.Database)
    {
        _data = data;
        Services.AddSingleton<TimeProvider>(new StoppedClock(StudentChartsData.Now));
        SignIn(StudentChartsData.Admin, "admin@school.kr", Roles.Admin);
    }

    [Fact]
    public void Mastery_IsDrawnAgainstTheTarget_AndListedInATable()
    {
        var view = Render<StudentChartsView>(p => p.Add(v => v.StudentId, _data.Learner));

        view.WaitForElement("[data-testid=mastery-table]", Patience);
        Assert.Equal(
            [
                ["소수", "14%", "4", "Below target"],
                ["확률", "46%", "2", "Below target"],
                ["비율", "92%", "10", "Target reached"],
                ["분수", "92%", "5", "Target reached"],
                ["도형", "92%", "30", "Target reached"],
            ],
            view.FindAll("[data-testid=mastery-row]").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()));
        var chart = view.Find("[data-testid=mastery-chart]");
        Assert.NotNull(chart.QuerySelector("svg"));
        Assert.Contains("Target (85%)", chart.TextContent);
        Assert.Contains("비율", chart.QuerySelector("svg")!.TextContent);
    }

    [Fact]
    public void ActivityAndAccuracy_AreDrawnOverTheWeeks()
    {
        var view = Render<StudentChartsView>(p => p.Add(v => v.StudentId, _data.Weekly));

        view.WaitForElement("[data-testid=mastery-chart]", Patience);
        view.WaitForAssertion(() => Assert.NotNull(view.Find("[data-testid=activity-chart] svg")), Patience);
        var activity = view.Find("[data-testid=activity-chart]");
        foreach (var type in new[] { "Study", "Test", "Intervention", "Review", "Assessment" })
            Assert.Contains(type, activity.TextContent);
        Assert.Contains("Sep 15", activity.TextContent);
        Assert.Contains("Mar 9", activity.TextContent);
        Assert.Contains("Asia/Seoul", activity.TextContent);
        Assert.NotNull(view.Find("[data-testid=accuracy-chart] svg"));
        Assert.Empty(view.FindAll("[data-testid=activity-empty], [data-testid=accuracy-empty]"));
        // This student's events name no concept.
        Assert.NotNull(view.Find("[data-testid=mastery-empty]"));
    }

    [Fact]
    public void AStudentWithoutEvents_GetsAnEmptyStatePerChart()
    {
        var view = Render<StudentChartsView>(p => p.Add(v => v.StudentId, _data.Quiet));

        view.WaitForElement("[data-testid=mastery-empty]", Patience);
        Assert.Equal("No learning events in the last 26 weeks.", view.Find("[data-testid=activity-empty]").TextContent.Trim());
        Assert.Equal("No graded results in the last 26 weeks.", view.Find("[data-testid=accuracy-empty]").TextContent.Trim());
        Assert.Empty(view.FindAll("svg"));
        Assert.Empty(view.FindAll("[data-testid=mastery-table]"));
    }

    [Fact]
    public void StudentPage_ShowsTheChartsInTheActivityTab()
    {
        var page = Render<StudentPage>(p => p.Add(s => s.Id, _data.Learner));
        page.WaitForElement("[data-testid=student-profile]", Patience);
        Assert.Empty(page.FindAll("[data-testid=student-charts]"));

        page.WaitForAssertion(() => page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Activity").Click(), Patience);

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=mastery-row]").Count), Patience);
    }
}

/// <summary>The same charts in Korean.</summary>
public class StudentChartsViewKoreanTests : StudentComponentTest, IClassFixture<StudentChartsData>
{
    private readonly StudentChartsData _data;

    public StudentChartsViewKoreanTests(StudentChartsData data) : base(data.Database, "ko-KR")
    {
        _data = data;
        Services.AddSingleton<TimeProvider>(new StoppedClock(StudentChartsData.Now));
        SignIn(StudentChartsData.Admin, "admin@school.kr", Roles.Admin);
    }

    [Fact]
    public void TheTab_AndTheEventTypes_ReadInKorean()
    {
        var page = Render<StudentPage>(p => p.Add(s => s.Id, _data.Weekly));
        page.WaitForElement("[data-testid=student-profile]", Patience);

        page.WaitForAssertion(() => page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "학습 현황").Click(), Patience);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=activity-chart] svg")), Patience);
        var activity = page.Find("[data-testid=activity-chart]").TextContent;
        foreach (var type in new[] { "학습", "시험", "학습 처방", "복습", "평가" })
            Assert.Contains(type, activity);
        Assert.Contains("3/9", activity);
        Assert.Equal("최근 365일 동안 개념이 기록된 학습·시험·평가 결과가 없습니다.", page.WaitForElement("[data-testid=mastery-empty]", Patience).TextContent.Trim());
    }

    [Fact]
    public void TheMasteryTable_SaysWhetherEachConceptReachedTheTarget()
    {
        var view = Render<StudentChartsView>(p => p.Add(v => v.StudentId, _data.Learner));

        view.WaitForElement("[data-testid=mastery-table]", Patience);
        Assert.Equal(["목표 미달", "목표 미달", "목표 달성", "목표 달성", "목표 달성"],
            view.FindAll("[data-testid=mastery-row] td:last-child").Select(c => c.TextContent.Trim()));
        Assert.Contains("목표 (85%)", view.Find("[data-testid=mastery-chart]").TextContent);
    }
}

/// <summary>
/// Students around one stopped moment, <see cref="Now"/>: Wednesday 11 March 2026, 12:00 in Seoul. The Seoul week
/// began Monday 9 March 00:00 KST (8 March 15:00 UTC); the charts' 26 weeks begin Monday 15 September 2025.
/// </summary>
public sealed class StudentChartsData : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 3, 11, 3, 0, 0, TimeSpan.Zero);

    public const string SchoolA = "CHART-A";
    public const string SchoolB = "CHART-B";
    public const string Admin = "chart-admin";
    public const string TeacherOfA = "chart-teacher-a";
    public const string TeacherOfB = "chart-teacher-b";

    public DatabaseFixture Database { get; } = new();

    /// <summary>Events across the weeks, on both sides of week boundaries in Seoul and UTC.</summary>
    public Guid Weekly { get; private set; }

    /// <summary>Known result sequences per concept.</summary>
    public Guid Learner { get; private set; }

    /// <summary>Fourteen concepts, one result each: C01–C07 wrong, C08–C14 right.</summary>
    public Guid ManyConcepts { get; private set; }

    public Guid Quiet { get; private set; }

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await using var db = Database.CreateDbContext();
        db.Users.AddRange(
            AppComponentTest.Account(Admin, "관리자"),
            AppComponentTest.Account(TeacherOfA, "교사 A", SchoolA),
            AppComponentTest.Account(TeacherOfB, "교사 B", SchoolB));

        var weekly = Student("주간", "01");
        var learner = Student("학습자", "02");
        var many = Student("다개념", "03");
        var quiet = Student("조용", "04");
        var other = Student("다른", "05");
        db.Students.AddRange(weekly, learner, many, quiet, other);

        db.LearningHistory.AddRange(
            Event(weekly, EventType.Review, "2025-09-14T14:59:00Z"), // Sunday 23:59 KST, the minute before the window
            Event(weekly, EventType.Review, "2025-09-14T15:00:00Z"), // Monday 15 September 00:00 KST: the first week
            Event(weekly, EventType.Study, "2026-02-16T03:00:00Z", result: "partial"),
            Event(weekly, EventType.Study, "2026-02-20T03:00:00Z", result: "partial"),
            Event(weekly, EventType.Test, "2026-03-08T14:30:00Z", result: "incorrect"), // Sunday 23:30 KST
            Event(weekly, EventType.Study, "2026-03-08T15:30:00Z", result: "correct"), // Monday 00:30 KST
            Event(weekly, EventType.Test, "2026-03-10T01:00:00Z", result: "correct"),
            Event(weekly, EventType.Assessment, "2026-03-10T02:00:00Z", result: "correct"),
            Event(weekly, EventType.Test, "2026-03-10T02:30:00Z", result: "incorrect"),
            Event(weekly, EventType.Study, "2026-03-10T02:40:00Z"),
            Event(weekly, EventType.Intervention, "2026-03-10T02:50:00Z", result: "skipped"),
            Event(other, EventType.Test, "2026-03-10T01:00:00Z", "분수", "incorrect"),
            Event(other, EventType.Study, "2026-02-17T03:00:00Z", "소수", "correct"));

        // Oldest first, an hour apart, from 5 January 2026: well within the mastery window.
        var at = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        void Results(Student student, EventType type, string concept, string result, int count)
        {
            for (var i = 0; i < count; i++, at = at.AddHours(1))
                db.LearningHistory.Add(Event(student, type, at, concept, result));
        }
        db.LearningHistory.Add(Event(learner, EventType.Test, "2025-03-01T00:00:00Z", "소수", "correct")); // older than 365 days
        Results(learner, EventType.Test, "분수", "correct", 5);
        Results(learner, EventType.Study, "소수", "incorrect", 4);
        Results(learner, EventType.Assessment, "비율", "incorrect", 5);
        Results(learner, EventType.Assessment, "비율", "correct", 5);
        Results(learner, EventType.Test, "도형", "incorrect", 10);
        Results(learner, EventType.Study, "도형", "correct", 20);
        Results(learner, EventType.Test, "확률", "partial", 2);
        Results(learner, EventType.Review, "분수", "incorrect", 1);
        Results(learner, EventType.Test, "", "incorrect", 1);
        db.LearningHistory.Add(Event(learner, EventType.Test, at, concept: null, result: "incorrect"));

        for (var i = 1; i <= 14; i++)
            Results(many, EventType.Test, $"C{i:00}", i <= 7 ? "incorrect" : "correct", 1);

        await db.SaveChangesAsync();
        (Weekly, Learner, ManyConcepts, Quiet) = (weekly.Id, learner.Id, many.Id, quiet.Id);
    }

    public Task DisposeAsync() => Database.DisposeAsync();

    private static Student Student(string name, string number) =>
        new() { Name = name, SchoolId = SchoolA, Grade = 5, ClassName = "1반", StudentNumber = number };

    private static LearningEvent Event(Student student, EventType type, string occurredAt, string? concept = null, string? result = null) =>
        Event(student, type, DateTimeOffset.Parse(occurredAt, System.Globalization.CultureInfo.InvariantCulture), concept, result);

    private static LearningEvent Event(Student student, EventType type, DateTimeOffset occurredAt, string? concept, string? result) => new()
    {
        Student = student,
        EventType = type,
        SourceNode = 1,
        OccurredAt = occurredAt.ToUniversalTime(),
        Content = new EventContent { Concept = concept, Result = result },
    };
}
