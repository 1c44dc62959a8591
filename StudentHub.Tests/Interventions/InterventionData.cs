using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using static StudentHub.Tests.Interventions.InterventionTestKit;

namespace StudentHub.Tests.Interventions;

/// <summary>
/// Six interventions of three students in two schools, one of each kind the list tells apart, made once per test
/// database. With <see cref="InterventionTestKit.Now"/> and the default seven days, two active ones are stalled.
/// </summary>
internal sealed record InterventionData(
    Guid A1Active,
    Guid A1Paused,
    Guid A2Stalled,
    Guid A2Completed,
    Guid B1Stalled,
    Guid B1Cancelled,
    Guid StudentA1)
{
    public const string SchoolA = "DIR_A";
    public const string SchoolB = "DIR_B";

    public static async Task<InterventionData> SeedAsync(DatabaseFixture database)
    {
        await using (var check = database.CreateDbContext())
        {
            var existing = await check.Interventions.AsNoTracking()
                .Where(i => i.Student!.SchoolId == SchoolA || i.Student!.SchoolId == SchoolB)
                .OrderBy(i => i.CreatedAt)
                .Select(i => new { i.Id, i.StudentId })
                .ToListAsync();
            if (existing.Count == 6)
            {
                // Oldest first: A2Completed, A1Paused, A1Active, B1Stalled, A2Stalled, B1Cancelled.
                var ids = existing.Select(e => e.Id).ToList();
                return new InterventionData(ids[2], ids[1], ids[4], ids[0], ids[3], ids[5], existing[2].StudentId);
            }
        }

        var a1 = new Student { Name = "가나다", SchoolId = SchoolA, Grade = 3 };
        var a2 = new Student { Name = "라마바", SchoolId = SchoolA, Grade = 5 };
        var b1 = new Student { Name = "사아자", SchoolId = SchoolB, Grade = 3 };
        var a1Active = new Intervention
        {
            Student = a1, Type = InterventionType.Auto, Status = InterventionStatus.Active,
            WeakAreas = [Area("소수", 0.6, 2), Area("분수의 덧셈", 0.5, 1)],
            LearningPath = Path(4, done: 1), Progress = new InterventionProgress { Completed = 1, Total = 4 },
            CreatedAt = At("2026-03-01T00:00:00Z"), ProgressedAt = At("2026-03-18T00:00:00Z"),
            Evidence = new InterventionEvidence
            {
                Model = "bkt", ComputedAt = At("2026-03-01T00:00:00Z"), MinAttempts = 5,
                Concepts = [new ConceptEvidence { Concept = "분수의 덧셈", Mastery = 0.5, Target = 0.85, Attempts = 12, Correct = 5, Incorrect = 7 }],
            },
        };
        var a1Paused = new Intervention
        {
            Student = a1, Type = InterventionType.TeacherRequested, Status = InterventionStatus.Paused,
            WeakAreas = [Area("도형", 0.7, 1)], LearningPath = Path(2), Progress = new InterventionProgress { Total = 2 },
            CreatedAt = At("2026-02-10T00:00:00Z"),
        };
        var a2Stalled = new Intervention
        {
            Student = a2, Type = InterventionType.Auto, Status = InterventionStatus.Active,
            WeakAreas = [Area("분수의 덧셈", 0.6, 2), Area("비와 비율", 0.4, 1)], LearningPath = Path(3), Progress = new InterventionProgress { Total = 3 },
            CreatedAt = At("2026-03-05T00:00:00Z"),
        };
        var a2Completed = new Intervention
        {
            Student = a2, Type = InterventionType.Auto, Status = InterventionStatus.Completed,
            WeakAreas = [Area("소수", 0.5, 1)], LearningPath = Path(2, done: 2), Progress = new InterventionProgress { Completed = 2, Total = 2 },
            CreatedAt = At("2026-01-15T00:00:00Z"), CompletedAt = At("2026-02-01T00:00:00Z"),
        };
        var b1Stalled = new Intervention
        {
            Student = b1, Type = InterventionType.TeacherRequested, Status = InterventionStatus.Active,
            WeakAreas = [Area("분수의 덧셈", 0.3, 1)], LearningPath = Path(2, done: 1), Progress = new InterventionProgress { Completed = 1, Total = 2 },
            CreatedAt = At("2026-03-02T00:00:00Z"), ProgressedAt = At("2026-03-10T00:00:00Z"),
        };
        // 20 March in Seoul, still 19 March in UTC.
        var b1Cancelled = new Intervention
        {
            Student = b1, Type = InterventionType.Auto, Status = InterventionStatus.Cancelled,
            WeakAreas = [Area("삼각형", 0.6, 1)], LearningPath = Path(1), Progress = new InterventionProgress { Total = 1 },
            CreatedAt = At("2026-03-19T16:00:00Z"),
        };
        // Created through an audited context, as the app creates them: each has one history entry.
        await using var db = database.CreateDbContext(new Actor("admin-seed", "관리자 김하늘"));
        db.Interventions.AddRange(a1Active, a1Paused, a2Stalled, a2Completed, b1Stalled, b1Cancelled);
        await db.SaveChangesAsync();
        return new InterventionData(a1Active.Id, a1Paused.Id, a2Stalled.Id, a2Completed.Id, b1Stalled.Id, b1Cancelled.Id, a1.Id);
    }

    private static WeakArea Area(string concept, double mastery, int priority) =>
        new() { Concept = concept, CurrentMastery = mastery, TargetMastery = 0.85, Priority = priority };

    private sealed record Actor(string? UserId, string? UserName) : IAuditActor;
}
