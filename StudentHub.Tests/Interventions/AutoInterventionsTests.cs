using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Interventions;
using StudentHub.Web.Security;

namespace StudentHub.Tests.Interventions;

/// <summary>
/// The <c>auto_interventions</c> job against a real database. Each test gets a database of its own (the job scans
/// every student), seeded with students whose histories have known answers, and runs the job in batches of two.
/// </summary>
public sealed class AutoInterventionsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 3, 0, 0, TimeSpan.Zero);
    private const string Quadratics = "이차함수";
    private const string Trigonometry = "삼각비";
    private const string Factoring = "인수분해";
    private const string Circles = "원의 성질";

    private readonly DatabaseFixture _database = new();
    private readonly Dictionary<string, Guid> _students = [];
    private ServiceProvider _services = null!;

    [Fact]
    public async Task Run_PlansTheWeakConcepts_LargestGapFirst_WithReviewThenPracticeSizedToTheGap_AndTheEvidence()
    {
        var summary = await Job.RunAsync(CancellationToken.None);

        await using var db = _database.CreateDbContext();
        var intervention = await db.Interventions.SingleAsync(i => i.StudentId == _students["weak"]);
        Assert.Equal((InterventionType.Auto, InterventionStatus.Active, Now), (intervention.Type, intervention.Status, intervention.CreatedAt));

        // Failing every quadratic-function item is the largest gap; mixed trigonometry next. Factoring was solved every
        // time, and circles were tried only four times (fewer than five): neither is a weak area.
        var quadratics = Expected(Quadratics, Failures(6));
        var trigonometry = Expected(Trigonometry, Mixed());
        Assert.True(quadratics.Mastery < trigonometry.Mastery && trigonometry.Mastery < 0.85);
        Assert.Equal(
            [(Quadratics, Math.Round(quadratics.Mastery, 4), 0.85, 1), (Trigonometry, Math.Round(trigonometry.Mastery, 4), 0.85, 2)],
            intervention.WeakAreas.Select(w => (w.Concept, w.CurrentMastery, w.TargetMastery, w.Priority)));

        var quadraticProblems = (int)Math.Ceiling((0.85 - quadratics.Mastery) * 20);
        var trigonometryProblems = Math.Max(3, (int)Math.Ceiling((0.85 - trigonometry.Mastery) * 20));
        Assert.Equal(
            new (int, string, string, int?, int)[]
            {
                (1, "review_concept", Quadratics, null, 1800),
                (2, "practice", Quadratics, quadraticProblems, quadraticProblems * 240),
                (3, "review_concept", Trigonometry, null, 1800),
                (4, "practice", Trigonometry, trigonometryProblems, trigonometryProblems * 240),
            },
            intervention.LearningPath.Select(s => (s.Step, s.Activity, s.Concept!, s.NumProblems, s.EstimatedDuration)));
        Assert.Equal(15, quadraticProblems);
        Assert.All(intervention.LearningPath, s => Assert.Null(s.CompletedAt));
        Assert.Equal((0, 4), (intervention.Progress.Completed, intervention.Progress.Total));

        var evidence = intervention.Evidence!;
        Assert.Equal(("bkt", Now, 5), (evidence.Model, evidence.ComputedAt, evidence.MinAttempts));
        Assert.Equal(
            [
                (Quadratics, Math.Round(quadratics.Mastery, 4), 0.85, 6, 0, 0, 6, Day(-12), Day(-7)),
                (Trigonometry, Math.Round(trigonometry.Mastery, 4), 0.85, 6, 3, 1, 2, Day(-6), Day(-1)),
            ],
            evidence.Concepts.Select(c => (c.Concept, c.Mastery, c.Target, c.Attempts, c.Correct, c.Partial, c.Incorrect, c.FirstSeen!.Value, c.LastSeen!.Value)));
        Assert.Equal(0.3, evidence.Parameters!["p_l0"]);
        Assert.Equal(365.0, evidence.Parameters["half_life_days"]);

        // The strong, the barely tried and the graduated student get nothing; the covered ones are the next test's.
        Assert.False(await db.Interventions.AnyAsync(i => i.StudentId == _students["strong"] || i.StudentId == _students["few"] || i.StudentId == _students["graduated"]));
        Assert.Equal(new AutoInterventionsSummary(StudentsScanned: 6, InterventionsCreated: 3, Concepts: 5, DryRun: false), summary);
    }

    [Fact]
    public async Task Run_LeavesOutConceptsCoveredByAnActiveOrPausedIntervention_NotByACompletedOrCancelledOne()
    {
        await Job.RunAsync(CancellationToken.None);

        await using var db = _database.CreateDbContext();
        // An active teacher-requested intervention covers quadratics: only trigonometry is left to plan.
        var partly = await db.Interventions.SingleAsync(i => i.StudentId == _students["partly-covered"] && i.Type == InterventionType.Auto);
        Assert.Equal([Trigonometry], partly.WeakAreas.Select(w => w.Concept));
        Assert.Equal([Trigonometry], partly.Evidence!.Concepts.Select(c => c.Concept));
        Assert.Equal((1, 2), (partly.WeakAreas[0].Priority, partly.Progress.Total));
        // A paused one covers both: nothing new.
        Assert.Equal(1, await db.Interventions.CountAsync(i => i.StudentId == _students["covered"]));
        // Completed and cancelled interventions cover nothing.
        var again = await db.Interventions.SingleAsync(i => i.StudentId == _students["was-covered"] && i.Type == InterventionType.Auto);
        Assert.Equal([Quadratics, Trigonometry], again.WeakAreas.Select(w => w.Concept));
    }

    [Fact]
    public async Task ASecondRun_CreatesNothingNew()
    {
        var first = await Job.RunAsync(CancellationToken.None);
        var before = await InterventionsAsync();

        var second = await Job.RunAsync(CancellationToken.None);

        Assert.Equal(3, first.InterventionsCreated);
        Assert.Equal(new AutoInterventionsSummary(6, 0, 0, false), second);
        Assert.Equal(before, await InterventionsAsync());
    }

    [Fact]
    public async Task ADryRun_ListsWhatARunWouldCreate_AndWritesNothing()
    {
        var listed = new List<Intervention>();

        var dry = await Job.RunAsync(dryRun: true, listed.Add, CancellationToken.None);

        Assert.Equal(new AutoInterventionsSummary(6, 3, 5, true), dry);
        Assert.Empty(await InterventionsAsync(InterventionType.Auto));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(_database.ConnectionString,
            "SELECT count(*) FROM audit.audit_logs WHERE user_name = 'system:auto_interventions'"));

        var run = await Job.RunAsync(CancellationToken.None);
        Assert.Equal((dry.InterventionsCreated, dry.Concepts), (run.InterventionsCreated, run.Concepts));
        await using var db = _database.CreateDbContext();
        var created = await db.Interventions.Where(i => i.Type == InterventionType.Auto).ToListAsync();
        Assert.Equal(
            listed.Select(i => (i.StudentId, string.Join(",", i.WeakAreas.Select(w => w.Concept)))).Order(),
            created.Select(i => (i.StudentId, string.Join(",", i.WeakAreas.Select(w => w.Concept)))).Order());
    }

    [Fact]
    public async Task TheJobsWrites_AreAuditedAsTheSystem()
    {
        await Job.RunAsync(CancellationToken.None);

        Assert.Equal(3L, await Sql.ScalarAsync<long>(_database.ConnectionString,
            "SELECT count(*) FROM audit.audit_logs WHERE user_name = 'system:auto_interventions' AND user_id IS NULL AND entity_type = 'Intervention' AND action = 'create'"));
    }

    [Fact]
    public async Task AHigherMinimumOfAttempts_JudgesNoConceptOnSixAttempts()
    {
        await using var services = Services(("Interventions:Auto:MinAttempts", "7"));

        var summary = await services.GetRequiredService<AutoInterventions>().RunAsync(CancellationToken.None);

        Assert.Equal(new AutoInterventionsSummary(6, 0, 0, false), summary);
    }

    [Fact]
    public async Task TheCommand_DryRunListsAndWritesNothing_ThenARunPrintsItsSummary()
    {
        // The command runs on the real clock, months after the seeded history: what has faded by then is not this
        // test's business, only that the listing, the summary and the run agree.
        var (dryExit, dryOutput) = await WebAppProcess.RunAsync(_database.ConnectionString, null, "auto-interventions", "--dry-run");

        Assert.True(dryExit == 0, dryOutput);
        var dry = Regex.Match(dryOutput, @"^Dry run: 6 students scanned; (\d+) auto interventions for (\d+) concepts would be created\. Nothing was written\.$", RegexOptions.Multiline);
        Assert.True(dry.Success, dryOutput);
        var listed = Regex.Matches(dryOutput, @"^[0-9a-f-]{36}: .+ \d+% of 85% \(\d+ attempts\)$", RegexOptions.Multiline);
        Assert.Equal(dry.Groups[1].Value, listed.Count.ToString(CultureInfo.InvariantCulture));
        Assert.Contains($"{_students["weak"]}: {Quadratics} ", dryOutput);
        Assert.Empty(await InterventionsAsync(InterventionType.Auto));

        var (exit, output) = await WebAppProcess.RunAsync(_database.ConnectionString, null, "auto-interventions");

        Assert.True(exit == 0, output);
        Assert.Contains($"6 students scanned; {dry.Groups[1].Value} auto interventions created for {dry.Groups[2].Value} concepts.", output);
        Assert.Equal(listed.Count, (await InterventionsAsync(InterventionType.Auto)).Count);
    }

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await using var db = _database.CreateDbContext();

        Student Add(string key, DateOnly? graduatedAt = null)
        {
            var student = new Student { Id = Guid.CreateVersion7(), Name = key, SchoolId = "AUTO", Grade = 9, GraduatedAt = graduatedAt };
            db.Students.Add(student);
            _students[key] = student.Id;
            return student;
        }
        void History(Student student, string concept, IEnumerable<(DateTimeOffset At, string Result)> attempts, EventType type = EventType.Study)
        {
            foreach (var (at, result) in attempts)
            {
                db.LearningHistory.Add(new LearningEvent
                {
                    StudentId = student.Id,
                    EventType = type,
                    SourceNode = 4,
                    OccurredAt = at,
                    Content = new EventContent { Concept = concept, Result = result },
                });
            }
        }
        void Weak(Student student)
        {
            History(student, Quadratics, Failures(6).Select(a => (a.OccurredAt, "incorrect")));
            History(student, Trigonometry, Mixed().Select(a => (a.OccurredAt, Spelling(a.Result))), EventType.Test);
        }
        void Intervene(Student student, InterventionStatus status, params string[] concepts) =>
            db.Interventions.Add(new Intervention
            {
                StudentId = student.Id,
                Type = InterventionType.TeacherRequested,
                Status = status,
                WeakAreas = concepts.Select((c, i) => new WeakArea { Concept = c, CurrentMastery = 0.5, Priority = i + 1 }).ToList(),
            });

        var weak = Add("weak");
        Weak(weak);
        History(weak, Factoring, Enumerable.Range(0, 6).Select(i => (Day(-20 + i), "correct")));
        History(weak, Circles, Enumerable.Range(0, 4).Select(i => (Day(-20 + i), "incorrect")));
        // Reviews and wrong answers of another student are not this student's evidence.
        History(weak, Factoring, Enumerable.Range(0, 6).Select(i => (Day(-1), "incorrect")), EventType.Review);

        History(Add("strong"), Quadratics, Enumerable.Range(0, 6).Select(i => (Day(-12 + i), "correct")));
        History(Add("few"), Quadratics, Failures(4).Select(a => (a.OccurredAt, "incorrect")));
        Weak(Add("graduated", new DateOnly(2026, 2, 20)));

        var partlyCovered = Add("partly-covered");
        Weak(partlyCovered);
        Intervene(partlyCovered, InterventionStatus.Active, Quadratics);
        var covered = Add("covered");
        Weak(covered);
        Intervene(covered, InterventionStatus.Paused, Trigonometry, Quadratics);
        var wasCovered = Add("was-covered");
        Weak(wasCovered);
        Intervene(wasCovered, InterventionStatus.Completed, Quadratics);
        Intervene(wasCovered, InterventionStatus.Cancelled, Trigonometry);

        await db.SaveChangesAsync();
        _services = Services();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private AutoInterventions Job => _services.GetRequiredService<AutoInterventions>();

    /// <summary>The app's registrations for the job, over this test's database, configured in batches of two students.</summary>
    private ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Interventions:Auto:StudentsPerBatch", "2"), .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))])
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(new StoppedClock(Now))
            .AddStudentHubSecurity();
        // As AddStudentHubDatabase registers it: scoped, so each context's audit names the scope's acting user.
        services.AddDbContextFactory<StudentHubDbContext>(
            (sp, db) => db.UseStudentHub(_database.DataSource).AddInterceptors(new AuditInterceptor(sp.GetRequiredService<IAuditActor>())),
            ServiceLifetime.Scoped);
        services.AddInterventions();
        return services.BuildServiceProvider(validateScopes: true);
    }

    private async Task<List<string>> InterventionsAsync(InterventionType? type = null)
    {
        await using var db = _database.CreateDbContext();
        return (await db.Interventions.AsNoTracking().Where(i => type == null || i.Type == type).ToListAsync())
            .Select(i => $"{i.Id} {i.StudentId} {i.Type} {i.Status} {string.Join(",", i.WeakAreas.Select(w => w.Concept))} {i.Progress.Total}")
            .Order()
            .ToList();
    }

    private static ConceptEstimate Expected(string concept, List<MasteryAttempt> attempts) =>
        new MasteryModel(new MasteryOptions()).Estimate(concept, attempts, Now);

    /// <summary><paramref name="count"/> wrong answers a day apart, the last a week ago.</summary>
    private static List<MasteryAttempt> Failures(int count) =>
        Enumerable.Range(0, count).Select(i => new MasteryAttempt(Day(-6 - count + i), AttemptResult.Incorrect)).ToList();

    /// <summary>Six tests over the last six days: right, wrong, partly, right, wrong, right.</summary>
    private static List<MasteryAttempt> Mixed() =>
        new[] { AttemptResult.Correct, AttemptResult.Incorrect, AttemptResult.Partial, AttemptResult.Correct, AttemptResult.Incorrect, AttemptResult.Correct }
            .Select((r, i) => new MasteryAttempt(Day(-6 + i), r)).ToList();

    private static string Spelling(AttemptResult result) => result.ToString().ToLowerInvariant();

    private static DateTimeOffset Day(int offset) => Now.AddDays(offset);
}
