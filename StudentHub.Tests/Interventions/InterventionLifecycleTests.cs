using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Interventions;
using static StudentHub.Tests.Interventions.InterventionTestKit;

namespace StudentHub.Tests.Interventions;

/// <summary>
/// Status changes and ticked steps against a real database, as an admin whose changes the audit trail records: the
/// lifecycle's rules, progress true to the path, and a change over someone else's newer one coming back as a conflict.
/// </summary>
public class InterventionLifecycleTests : IClassFixture<DatabaseFixture>
{
    private static readonly ClaimsPrincipal Admin = Principal("admin-lifecycle", "관리자 이수진", Roles.Admin);
    private readonly DatabaseFixture _database;
    private readonly ManualClock _clock = new(Now);
    private readonly Meanwhile _meanwhile = new();

    public InterventionLifecycleTests(DatabaseFixture database)
    {
        _database = database;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
    }

    public static TheoryData<InterventionStatus, InterventionStatus> EveryPair()
    {
        var data = new TheoryData<InterventionStatus, InterventionStatus>();
        foreach (var from in Enum.GetValues<InterventionStatus>())
            foreach (var to in Enum.GetValues<InterventionStatus>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public async Task ChangeStatus_DoesWhatTheRulesAllow_AndRefusesTheRestWithTheirReason_WritingNothing(InterventionStatus from, InterventionStatus to)
    {
        var (id, version) = await InsertAsync(from, Path(3, done: 1));
        var reason = InterventionRules.Check(from, to);

        var result = await LifecycleAsync(l => l.ChangeStatusAsync(id, version, to));

        var stored = await ReadAsync(id);
        if (reason is null)
        {
            var changed = Assert.IsType<InterventionChangeResult.Changed>(result);
            Assert.Equal(to, stored.Status);
            Assert.Equal(to, changed.Intervention.Status);
            Assert.Equal(stored.Version, changed.Intervention.Version);
            Assert.NotEqual(version, stored.Version);
            Assert.Equal(to == InterventionStatus.Completed ? Now : null, stored.CompletedAt);
            Assert.Equal([(from, to)], await StatusChangesAsync(id));
        }
        else
        {
            Assert.Equal(reason, Assert.IsType<InterventionChangeResult.Refused>(result).Reason);
            Assert.Equal((from, version), (stored.Status, stored.Version));
            Assert.Empty(await StatusChangesAsync(id));
        }
    }

    [Fact]
    public async Task TickingSteps_KeepsProgressTrueToThePath_StampsEachTick_AndSaysWhenTheLastIsDone()
    {
        // Stored progress that disagrees with the path is put right by the first tick.
        var (id, version) = await InsertAsync(InterventionStatus.Active, Path(3), progress: new InterventionProgress { Completed = 2, Total = 5 });

        var second = Assert.IsType<InterventionChangeResult.Changed>(await LifecycleAsync(l => l.SetStepDoneAsync(id, version, 2, true)));
        Assert.Equal((1, 3, false), (second.Intervention.Completed, second.Intervention.Total, second.AllStepsDone));

        _clock.Now = Now.AddHours(1);
        var first = Assert.IsType<InterventionChangeResult.Changed>(await LifecycleAsync(l => l.SetStepDoneAsync(id, second.Intervention.Version, 1, true)));
        _clock.Now = Now.AddHours(2);
        var last = Assert.IsType<InterventionChangeResult.Changed>(await LifecycleAsync(l => l.SetStepDoneAsync(id, first.Intervention.Version, 3, true)));

        Assert.True(last.AllStepsDone);
        var stored = await ReadAsync(id);
        Assert.Equal((3, 3), (stored.Progress.Completed, stored.Progress.Total));
        Assert.Equal([Now.AddHours(1), Now, Now.AddHours(2)], stored.LearningPath.OrderBy(s => s.Step).Select(s => s.CompletedAt));
        Assert.Equal(Now.AddHours(2), stored.ProgressedAt);
        Assert.Equal(InterventionStatus.Active, stored.Status);
    }

    [Fact]
    public async Task UntickingAStep_ClearsItsTime_AndCountsItOut()
    {
        var (id, version) = await InsertAsync(InterventionStatus.Paused, Path(4, done: 4));
        _clock.Now = Now.AddDays(1);

        var result = Assert.IsType<InterventionChangeResult.Changed>(await LifecycleAsync(l => l.SetStepDoneAsync(id, version, 2, false)));

        Assert.False(result.AllStepsDone);
        var stored = await ReadAsync(id);
        Assert.Equal((3, 4), (stored.Progress.Completed, stored.Progress.Total));
        Assert.Null(stored.LearningPath.Single(s => s.Step == 2).CompletedAt);
        Assert.Equal(At("2026-03-10T00:00:00Z"), stored.LearningPath.Single(s => s.Step == 1).CompletedAt);
        Assert.Equal(Now.AddDays(1), stored.ProgressedAt);
    }

    [Fact]
    public async Task TickingATickedStep_WritesNothing()
    {
        var (id, version) = await InsertAsync(InterventionStatus.Active, Path(2, done: 1));

        var result = Assert.IsType<InterventionChangeResult.Changed>(await LifecycleAsync(l => l.SetStepDoneAsync(id, version, 1, true)));

        Assert.Equal(version, result.Intervention.Version);
        Assert.Null((await ReadAsync(id)).ProgressedAt);
        Assert.Empty(await UpdatesAsync(id));
    }

    [Fact]
    public async Task Steps_OfAFinalIntervention_OrThatDoNotExist_AreRefusedWithWhy()
    {
        var (completed, completedVersion) = await InsertAsync(InterventionStatus.Completed, Path(2, done: 1));
        var (active, activeVersion) = await InsertAsync(InterventionStatus.Active, Path(2));

        var final = Assert.IsType<InterventionChangeResult.Refused>(await LifecycleAsync(l => l.SetStepDoneAsync(completed, completedVersion, 2, true)));
        var missing = Assert.IsType<InterventionChangeResult.Refused>(await LifecycleAsync(l => l.SetStepDoneAsync(active, activeVersion, 9, true)));

        Assert.Equal("A completed intervention is final: it can no longer change.", final.Reason);
        Assert.Equal("The learning path has no step 9.", missing.Reason);
        Assert.Null((await ReadAsync(completed)).LearningPath.Single(s => s.Step == 2).CompletedAt);
        Assert.Empty(await UpdatesAsync(completed));
        Assert.Empty(await UpdatesAsync(active));
    }

    [Fact]
    public async Task EachChange_IsOneAuditRow_NamingTheAdmin_WithTheColumnsItChanged()
    {
        var (id, version) = await InsertAsync(InterventionStatus.Active, Path(2));

        var ticked = Assert.IsType<InterventionChangeResult.Changed>(await LifecycleAsync(l => l.SetStepDoneAsync(id, version, 1, true)));
        Assert.IsType<InterventionChangeResult.Changed>(await LifecycleAsync(l => l.ChangeStatusAsync(id, ticked.Intervention.Version, InterventionStatus.Completed)));

        var updates = await UpdatesAsync(id);
        Assert.Equal(2, updates.Count);
        Assert.All(updates, u => Assert.Equal(("admin-lifecycle", "관리자 이수진"), (u.UserId, u.UserName)));
        Assert.Equal(["learning_path", "progress", "progressed_at"], updates[0].Changes!.Keys.Order());
        Assert.Equal(1, updates[0].Changes!["progress"].New!.Value.GetProperty("completed").GetInt32());
        Assert.Equal(["completed_at", "status"], updates[1].Changes!.Keys.Order());
        Assert.Equal(("active", "completed"), (updates[1].Changes!["status"].Old!.Value.GetString(), updates[1].Changes!["status"].New!.Value.GetString()));
    }

    [Fact]
    public async Task AChangeOverSomeoneElsesNewerOne_IsAConflictWithTheirVersionAndWho_AndChangesNothing()
    {
        var (id, seen) = await InsertAsync(InterventionStatus.Active, Path(3));
        _clock.Now = Now.AddMinutes(5);
        await SomeoneElseChangesAsync(id, i =>
        {
            i.Status = InterventionStatus.Paused;
            i.LearningPath[0].CompletedAt = Now.AddMinutes(4);
            i.Progress.Completed = 1;
        });

        var tick = Assert.IsType<InterventionChangeResult.Conflict>(await LifecycleAsync(l => l.SetStepDoneAsync(id, seen, 3, true)));
        var complete = Assert.IsType<InterventionChangeResult.Conflict>(await LifecycleAsync(l => l.ChangeStatusAsync(id, seen, InterventionStatus.Completed)));

        var stored = await ReadAsync(id);
        Assert.Equal(InterventionStatus.Paused, stored.Status);
        Assert.Null(stored.CompletedAt);
        Assert.Null(stored.LearningPath.Single(s => s.Step == 3).CompletedAt);
        foreach (var conflict in new[] { tick, complete })
        {
            Assert.Equal((InterventionStatus.Paused, 1, 3), (conflict.Theirs.Status, conflict.Theirs.Completed, conflict.Theirs.Total));
            Assert.Equal(stored.Version, conflict.Theirs.Version);
            Assert.Equal("다른 관리자", conflict.LastChange?.Who);
        }
        Assert.Equal(["other-admin"], (await UpdatesAsync(id)).Select(u => u.UserId));

        // Applying the change anyway is a change against the version the conflict showed.
        var applied = Assert.IsType<InterventionChangeResult.Changed>(await LifecycleAsync(l => l.SetStepDoneAsync(id, tick.Theirs.Version, 3, true)));
        Assert.Equal((InterventionStatus.Paused, 2, 3), (applied.Intervention.Status, applied.Intervention.Completed, applied.Intervention.Total));
    }

    [Fact]
    public async Task AChangeLandingBetweenTheReadAndTheWrite_IsCaughtByTheVersionInTheUpdate()
    {
        var (id, version) = await InsertAsync(InterventionStatus.Active, Path(2));
        _meanwhile.Once = () => SomeoneElseChangesAsync(id, i => i.Status = InterventionStatus.Cancelled);

        var conflict = Assert.IsType<InterventionChangeResult.Conflict>(await LifecycleAsync(l => l.ChangeStatusAsync(id, version, InterventionStatus.Paused)));

        Assert.Null(_meanwhile.Once);
        Assert.Equal(InterventionStatus.Cancelled, conflict.Theirs.Status);
        Assert.Equal(InterventionStatus.Cancelled, (await ReadAsync(id)).Status);
        Assert.Equal(["other-admin"], (await UpdatesAsync(id)).Select(u => u.UserId));
    }

    [Fact]
    public async Task OnlyAdmins_ChangeInterventions_AndAMissingOneIsGone()
    {
        var (id, version) = await InsertAsync(InterventionStatus.Active, Path(2));
        var staff = Principal("staff-lifecycle", "직원", Roles.Staff);

        var refused = Assert.IsType<InterventionChangeResult.Refused>(await LifecycleAsync(l => l.ChangeStatusAsync(id, version, InterventionStatus.Paused), staff));
        Assert.IsType<InterventionChangeResult.Refused>(await LifecycleAsync(l => l.SetStepDoneAsync(id, version, 1, true), staff));
        Assert.IsType<InterventionChangeResult.Gone>(await LifecycleAsync(l => l.ChangeStatusAsync(Guid.NewGuid(), version, InterventionStatus.Paused)));

        Assert.Equal("Only admins can change interventions.", refused.Reason);
        Assert.Equal((InterventionStatus.Active, version), ((await ReadAsync(id)).Status, (await ReadAsync(id)).Version));
    }

    private Task<InterventionChangeResult> LifecycleAsync(Func<InterventionLifecycle, Task<InterventionChangeResult>> operation, ClaimsPrincipal? user = null) =>
        RunAsync(_database, user ?? Admin, _clock, operation, meanwhile: _meanwhile);

    private async Task<(Guid Id, uint Version)> InsertAsync(InterventionStatus status, List<LearningPathStep> path, InterventionProgress? progress = null)
    {
        await using var db = _database.CreateDbContext();
        var student = new Student { Name = "처방학생", SchoolId = "LIFE_" + Guid.NewGuid().ToString("N")[..8], Grade = 4 };
        var intervention = new Intervention
        {
            Student = student,
            Type = InterventionType.TeacherRequested,
            Status = status,
            WeakAreas = [new WeakArea { Concept = "분수의 덧셈", CurrentMastery = 0.5, Priority = 1 }],
            LearningPath = path,
            Progress = progress ?? InterventionRules.ProgressOf(path),
            CreatedAt = At("2026-03-01T00:00:00Z"),
            CompletedAt = status == InterventionStatus.Completed ? At("2026-03-12T00:00:00Z") : null,
        };
        db.Interventions.Add(intervention);
        await db.SaveChangesAsync();
        return (intervention.Id, intervention.Version);
    }

    private async Task<Intervention> ReadAsync(Guid id)
    {
        await using var db = _database.CreateDbContext();
        return await db.Interventions.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    private async Task<List<AuditLog>> UpdatesAsync(Guid id)
    {
        await using var db = _database.CreateDbContext();
        return await db.AuditLogs.AsNoTracking()
            .Where(a => a.EntityType == nameof(Intervention) && a.EntityKey == id.ToString() && a.Action == AuditActions.Update)
            .OrderBy(a => a.Id)
            .ToListAsync();
    }

    private async Task<List<(InterventionStatus, InterventionStatus)>> StatusChangesAsync(Guid id) =>
        (await UpdatesAsync(id))
            .Where(u => u.Changes!.ContainsKey("status"))
            .Select(u => (Status(u.Changes!["status"].Old!.Value.GetString()!), Status(u.Changes!["status"].New!.Value.GetString()!)))
            .ToList();

    private static InterventionStatus Status(string stored) => StudentHub.Data.Json.SnakeCaseEnumConverter<InterventionStatus>.FromDatabase(stored);

    // Another admin's change, through an audited context of their own.
    private async Task SomeoneElseChangesAsync(Guid id, Action<Intervention> change)
    {
        await using var db = _database.CreateDbContext(new Actor("other-admin", "다른 관리자"));
        var intervention = await db.Interventions.SingleAsync(i => i.Id == id);
        change(intervention);
        await db.SaveChangesAsync();
    }

    private sealed record Actor(string? UserId, string? UserName) : IAuditActor;

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Someone else's write, made once, just before the service's own reaches the database: the race a check alone cannot close.</summary>
    private sealed class Meanwhile : SaveChangesInterceptor
    {
        public Func<Task>? Once { get; set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Once is { } write && eventData.Context!.ChangeTracker.Entries<Intervention>().Any(e => e.State == EntityState.Modified))
            {
                Once = null;
                await write();
            }
            return result;
        }
    }
}
