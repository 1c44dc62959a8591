using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Security;

namespace StudentHub.Web.Interventions;

/// <summary>What a run of <see cref="AutoInterventions"/> did or, dry, would do.</summary>
/// <param name="Concepts">The weak areas of the interventions created, all together.</param>
public sealed record AutoInterventionsSummary(int StudentsScanned, int InterventionsCreated, int Concepts, bool DryRun);

/// <summary>
/// The automatic-interventions job. For every student not yet graduated, in batches, it finds the concepts whose
/// mastery (<see cref="StudentMastery"/>) is below the target on at least <see cref="AutoInterventionOptions.MinAttempts"/>
/// attempts, leaves out those already a weak area of the student's active or paused interventions, and plans the
/// rest as one <c>auto</c> intervention: weak areas by gap (target − mastery), largest first, and for each a concept
/// review then practice sized to the gap, with the evidence it was made from. Running it again creates nothing new:
/// the concepts it planned are covered now.
/// </summary>
/// <remarks>
/// The scheduler runs it as the scheduled task type <c>auto_interventions</c> (<see cref="TaskType"/>) by calling
/// <see cref="RunAsync(CancellationToken)"/>; operators run it as the <c>auto-interventions [--dry-run]</c> command.
/// Its writes are audited as <see cref="ActorName"/>.
/// </remarks>
public sealed class AutoInterventions(
    IServiceScopeFactory scopes, IOptions<AutoInterventionOptions> options, TimeProvider clock, ILogger<AutoInterventions> logger)
{
    public const string TaskType = "auto_interventions";

    /// <summary>The user name the audit trail gives the job's writes.</summary>
    public const string ActorName = "system:auto_interventions";

    /// <summary>The model named in each intervention's evidence.</summary>
    public const string Model = "bkt";

    private static readonly ClaimsPrincipal Actor =
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, ActorName)], authenticationType: "System"));

    /// <summary>Creates the interventions; what the scheduler calls.</summary>
    public Task<AutoInterventionsSummary> RunAsync(CancellationToken ct) => RunAsync(dryRun: false, planned: null, ct);

    /// <summary>
    /// One pass over every student. <paramref name="planned"/> hears of each intervention as it is planned; with
    /// <paramref name="dryRun"/> nothing is written.
    /// </summary>
    public async Task<AutoInterventionsSummary> RunAsync(bool dryRun, Action<Intervention>? planned, CancellationToken ct)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        // A scope of its own, whose user is the job: the contexts' audit interceptor reads the scope's user when saving.
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(Actor);
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<StudentHubDbContext>>();
        var mastery = scope.ServiceProvider.GetRequiredService<StudentMastery>();
        var model = mastery.Options;
        var now = clock.GetUtcNow();

        int scanned = 0, created = 0, concepts = 0;
        Guid? after = null;
        while (await NextStudentsAsync(contexts, after, DateOnly.FromDateTime(now.UtcDateTime), settings.StudentsPerBatch, ct) is { Count: > 0 } batch)
        {
            after = batch[^1];
            scanned += batch.Count;
            var weak = (await mastery.LoadAsync(batch, now, ct))
                .Select(s => (Student: s.Key, Concepts: s.Value.Where(c => c.Mastery < model.Target && c.Attempts >= settings.MinAttempts).ToList()))
                .Where(s => s.Concepts.Count > 0)
                .ToDictionary(s => s.Student, s => s.Concepts);
            if (weak.Count == 0)
                continue;

            await using var db = await contexts.CreateDbContextAsync(ct);
            await using var transaction = dryRun ? null : await db.Database.BeginTransactionAsync(ct);
            if (!dryRun)
            {
                // Two runs at once (the scheduler and the command) take turns per batch; each reads what is covered
                // only once it holds the lock, so it sees what the other committed and never plans a concept twice.
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('studenthub.auto_interventions'))", ct);
            }
            var covered = await CoveredAsync(db, weak.Keys, ct);
            foreach (var (student, candidates) in weak)
            {
                var uncovered = candidates
                    .Where(c => !covered.Contains((student, c.Concept)))
                    .OrderBy(c => c.Mastery).ThenBy(c => c.Concept, StringComparer.Ordinal)
                    .ToList();
                if (uncovered.Count == 0)
                    continue;
                var intervention = Plan(student, uncovered, now, model, settings);
                if (!dryRun)
                    db.Interventions.Add(intervention);
                planned?.Invoke(intervention);
                created++;
                concepts += uncovered.Count;
            }
            if (transaction is not null)
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
        }

        logger.LogInformation(
            "Auto interventions{DryRun}: {Students} students scanned, {Interventions} interventions for {Concepts} concepts",
            dryRun ? " (dry run)" : "", scanned, created, concepts);
        return new AutoInterventionsSummary(scanned, created, concepts, dryRun);
    }

    /// <summary>
    /// The plan for one student's <paramref name="weak"/> concepts, weakest first: review, then ⌈gap ×
    /// <see cref="AutoInterventionOptions.ProblemsPerGap"/>⌉ practice problems (at least <see cref="AutoInterventionOptions.MinProblems"/>).
    /// </summary>
    public static Intervention Plan(
        Guid studentId, IReadOnlyList<ConceptEstimate> weak, DateTimeOffset now, MasteryOptions model, AutoInterventionOptions settings)
    {
        var path = new List<LearningPathStep>();
        foreach (var concept in weak)
        {
            path.Add(new LearningPathStep
            {
                Step = path.Count + 1,
                Activity = "review_concept",
                Concept = concept.Concept,
                EstimatedDuration = settings.ReviewSeconds,
            });
            var problems = ProblemsFor(model.Target - concept.Mastery, settings);
            path.Add(new LearningPathStep
            {
                Step = path.Count + 1,
                Activity = "practice",
                Concept = concept.Concept,
                NumProblems = problems,
                EstimatedDuration = problems * settings.SecondsPerProblem,
            });
        }

        return new Intervention
        {
            StudentId = studentId,
            Type = InterventionType.Auto,
            Status = InterventionStatus.Active,
            CreatedAt = now,
            WeakAreas = weak.Select((c, i) => new WeakArea
            {
                Concept = c.Concept,
                CurrentMastery = Rounded(c.Mastery),
                TargetMastery = model.Target,
                Priority = i + 1,
            }).ToList(),
            LearningPath = path,
            Progress = new InterventionProgress { Completed = 0, Total = path.Count },
            Evidence = new InterventionEvidence
            {
                Model = Model,
                ComputedAt = now,
                MinAttempts = settings.MinAttempts,
                Concepts = weak.Select(c => new ConceptEvidence
                {
                    Concept = c.Concept,
                    Mastery = Rounded(c.Mastery),
                    Target = model.Target,
                    Attempts = c.Attempts,
                    Correct = c.Correct,
                    Partial = c.Partial,
                    Incorrect = c.Incorrect,
                    FirstSeen = c.FirstSeen,
                    LastSeen = c.LastSeen,
                }).ToList(),
                Parameters = new Dictionary<string, double>
                {
                    ["p_l0"] = model.PriorKnowledge,
                    ["p_t"] = model.Learn,
                    ["slip_easy"] = model.SlipEasy,
                    ["slip_hard"] = model.SlipHard,
                    ["guess_easy"] = model.GuessEasy,
                    ["guess_hard"] = model.GuessHard,
                    ["partial_credit"] = model.PartialCredit,
                    ["half_life_days"] = model.HalfLifeDays,
                    ["window_days"] = model.WindowDays,
                    ["max_attempts_per_concept"] = model.MaxAttemptsPerConcept,
                },
            },
        };
    }

    /// <summary>⌈gap × ProblemsPerGap⌉, at least MinProblems; the product is rounded first so 0.75 × 20 is 15, not 16.</summary>
    public static int ProblemsFor(double gap, AutoInterventionOptions settings) =>
        Math.Max(settings.MinProblems, (int)Math.Ceiling(Math.Round(gap * settings.ProblemsPerGap, 6)));

    // Four decimals: finer than any display, without a float's noise in the stored JSON.
    private static double Rounded(double mastery) => Math.Round(mastery, 4);

    /// <summary>The next students by id after <paramref name="after"/>, leaving out those graduated by <paramref name="today"/>.</summary>
    private static async Task<List<Guid>> NextStudentsAsync(
        IDbContextFactory<StudentHubDbContext> contexts, Guid? after, DateOnly today, int count, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var first = after is null;
        var from = after ?? Guid.Empty;
        // A keyset on the primary key: each batch is one index range, however many students there are.
        return (await db.Database.SqlQuery<StudentRow>($"""
                SELECT s.id FROM students s
                WHERE ({first} OR s.id > {from}) AND (s.graduated_at IS NULL OR s.graduated_at > {today})
                ORDER BY s.id
                LIMIT {count}
                """).ToListAsync(ct))
            .Select(s => s.Id).ToList();
    }

    /// <summary>(student, concept) pairs already a weak area of one of the students' active or paused interventions.</summary>
    private static async Task<HashSet<(Guid, string)>> CoveredAsync(StudentHubDbContext db, IEnumerable<Guid> students, CancellationToken ct)
    {
        var ids = students.ToList();
        var open = await db.Interventions.AsNoTracking()
            .Where(i => ids.Contains(i.StudentId) && (i.Status == InterventionStatus.Active || i.Status == InterventionStatus.Paused))
            .Select(i => new { i.StudentId, i.WeakAreas })
            .ToListAsync(ct);
        return open.SelectMany(i => i.WeakAreas.Select(w => (i.StudentId, w.Concept))).ToHashSet();
    }

    private sealed record StudentRow(Guid Id);
}
