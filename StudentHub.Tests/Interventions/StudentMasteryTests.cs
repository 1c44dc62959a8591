using Microsoft.Extensions.Options;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Interventions;

namespace StudentHub.Tests.Interventions;

/// <summary>Mastery read from a real <c>learning_history</c>: which events count, the window, the newest attempts, schools.</summary>
public class StudentMasteryTests(StudentMasteryData data) : IClassFixture<StudentMasteryData>
{
    private static readonly MasteryModel Model = new(new MasteryOptions());

    [Fact]
    public async Task Load_RunsTheModelOverTheGradedStudiesTestsAndAssessments_OldestFirst()
    {
        var concepts = await Mastery().LoadAsync(data.Learner, schools: null);

        Assert.Equal(["삼각비", "이차함수", "인수분해"], concepts.Select(c => c.Concept).Order(StringComparer.Ordinal));
        var quadratics = concepts.Single(c => c.Concept == "이차함수");
        // The review, the intervention, the result-less, "skipped", concept-less and future events are not attempts.
        var expected = Model.Estimate("이차함수",
            [
                new(StudentMasteryData.At(1), AttemptResult.Incorrect, 0.8),
                new(StudentMasteryData.At(2), AttemptResult.Correct, 0.3),
                new(StudentMasteryData.At(3), AttemptResult.Partial, null),
                // Difficulty "hard" is not a number: read as unknown.
                new(StudentMasteryData.At(4), AttemptResult.Correct, null),
            ],
            StudentMasteryData.Now);
        Assert.Equal(expected, quadratics);
        Assert.Equal((4, 2, 1, 1), (quadratics.Attempts, quadratics.Correct, quadratics.Partial, quadratics.Incorrect));
    }

    [Fact]
    public async Task Load_ReadsTheWindowOnly_AndEachConceptsNewestAttempts()
    {
        var concepts = await Mastery(new MasteryOptions { MaxAttemptsPerConcept = 3 }).LoadAsync(data.Learner, schools: null);

        // Five attempts, the newest three read: correct, correct, correct after two wrong ones.
        var trigonometry = concepts.Single(c => c.Concept == "삼각비");
        Assert.Equal((3, 3, 0), (trigonometry.Attempts, trigonometry.Correct, trigonometry.Incorrect));
        Assert.Equal(StudentMasteryData.At(12), trigonometry.FirstSeen);
        // The correct answer 400 days ago is outside the 365-day window.
        var factoring = concepts.Single(c => c.Concept == "인수분해");
        Assert.Equal((1, 0, 1), (factoring.Attempts, factoring.Correct, factoring.Incorrect));
    }

    [Fact]
    public async Task Load_ForManyStudents_KeysEachStudentWithAttempts()
    {
        var estimates = await Mastery().LoadAsync([data.Learner, data.Other, data.Quiet], StudentMasteryData.Now);

        Assert.Equal(new[] { data.Learner, data.Other }.Order(), estimates.Keys.Order());
        Assert.Equal(Model.Estimate("이차함수", [new(StudentMasteryData.At(1), AttemptResult.Correct)], StudentMasteryData.Now),
            Assert.Single(estimates[data.Other]));
    }

    [Fact]
    public async Task Load_ForAStudentOutsideTheSchools_ReadsNothing()
    {
        Assert.Empty(await Mastery().LoadAsync(data.Learner, [StudentMasteryData.SchoolB]));
        Assert.Equal(3, (await Mastery().LoadAsync(data.Learner, [StudentMasteryData.SchoolA, StudentMasteryData.SchoolB])).Count);
        Assert.Empty(await Mastery().LoadAsync(data.Quiet, schools: null));
    }

    private StudentMastery Mastery(MasteryOptions? options = null) =>
        new(data.Database.ContextFactory(), Options.Create(options ?? new MasteryOptions()), new StoppedClock(StudentMasteryData.Now));
}

/// <summary>Students with known attempts, around <see cref="Now"/>.</summary>
public sealed class StudentMasteryData : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 3, 11, 3, 0, 0, TimeSpan.Zero);
    public const string SchoolA = "MASTERY-A";
    public const string SchoolB = "MASTERY-B";

    public DatabaseFixture Database { get; } = new();

    public Guid Learner { get; private set; }
    public Guid Other { get; private set; }
    public Guid Quiet { get; private set; }

    /// <summary>Hour <paramref name="n"/> of 1 March 2026.</summary>
    public static DateTimeOffset At(int n) => new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).AddHours(n);

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await using var db = Database.CreateDbContext();
        var learner = new Student { Name = "학습자", SchoolId = SchoolA, Grade = 9 };
        var other = new Student { Name = "다른", SchoolId = SchoolB, Grade = 9 };
        var quiet = new Student { Name = "조용", SchoolId = SchoolA, Grade = 9 };
        db.Students.AddRange(learner, other, quiet);

        db.LearningHistory.AddRange(
            Event(learner, EventType.Study, At(1), "이차함수", "incorrect", 0.8),
            Event(learner, EventType.Test, At(2), "이차함수", "correct", 0.3),
            Event(learner, EventType.Assessment, At(3), "이차함수", "partial"),
            Event(learner, EventType.Review, At(5), "이차함수", "incorrect"),
            Event(learner, EventType.Intervention, At(6), "이차함수", "incorrect"),
            Event(learner, EventType.Study, At(7), "이차함수", null),
            Event(learner, EventType.Study, At(8), "이차함수", "skipped"),
            Event(learner, EventType.Study, At(9), "", "incorrect"),
            Event(learner, EventType.Study, At(9), null, "incorrect"),
            Event(learner, EventType.Test, Now.AddDays(1), "이차함수", "incorrect"),
            Event(learner, EventType.Test, Now.AddDays(-400), "인수분해", "correct"),
            Event(learner, EventType.Test, At(10), "인수분해", "incorrect"),
            Event(learner, EventType.Study, At(10), "삼각비", "incorrect"),
            Event(learner, EventType.Study, At(11), "삼각비", "incorrect"),
            Event(learner, EventType.Study, At(12), "삼각비", "correct"),
            Event(learner, EventType.Study, At(13), "삼각비", "correct"),
            Event(learner, EventType.Study, At(14), "삼각비", "correct"),
            Event(other, EventType.Test, At(1), "이차함수", "correct"));
        await db.SaveChangesAsync();
        (Learner, Other, Quiet) = (learner.Id, other.Id, quiet.Id);

        // A node that sent its difficulty as a word: the typed model cannot write it, so it goes in as SQL.
        await Sql.ExecuteAsync(Database.ConnectionString, $$"""
            INSERT INTO learning_history (student_id, event_type, source_node, content, occurred_at)
            VALUES ('{{Learner}}', 'study', 1, '{"concept": "이차함수", "result": "correct", "difficulty": "hard"}', '{{At(4):O}}')
            """);
    }

    public Task DisposeAsync() => Database.DisposeAsync();

    private static LearningEvent Event(Student student, EventType type, DateTimeOffset at, string? concept, string? result, double? difficulty = null) => new()
    {
        Student = student,
        EventType = type,
        SourceNode = 1,
        OccurredAt = at,
        Content = new EventContent { Concept = concept, Result = result, Difficulty = difficulty },
    };
}
