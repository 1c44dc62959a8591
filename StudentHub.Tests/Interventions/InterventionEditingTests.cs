using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Interventions;
using StudentHub.Web.Localization;
using StudentHub.Web.Security;

namespace StudentHub.Tests.Interventions;

/// <summary>
/// Planning and editing interventions against a real database, as an admin whose changes the audit trail records:
/// exactly what was entered is stored, the rows' order is the priority and the step number, ticks survive an edit that
/// keeps their step, and a save over someone else's newer one changes nothing and hands back their version.
/// </summary>
public class InterventionEditingTests : IClassFixture<DatabaseFixture>
{
    private static readonly ClaimsPrincipal Admin = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "admin-plans"), new Claim(ClaimTypes.Name, "계획하는 관리자"), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));

    private readonly DatabaseFixture _database;
    private readonly StoppedClock _clock = new(new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.Zero));
    private readonly Meanwhile _meanwhile = new();

    public InterventionEditingTests(DatabaseFixture database)
    {
        _database = database;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
    }

    [Fact]
    public async Task Create_StoresExactlyThePlanEntered_AsATeacherRequestedActiveIntervention_Audited()
    {
        var student = await StudentAsync();

        var saved = Assert.IsType<InterventionSaveResult.Saved>(await RunAsync(e => e.CreateAsync(student, InterventionValidationTests.ValidInput())));

        await using var db = _database.CreateDbContext();
        var intervention = await db.Interventions.SingleAsync(i => i.Id == saved.Id);
        Assert.Equal((student, InterventionType.TeacherRequested, InterventionStatus.Active), (intervention.StudentId, intervention.Type, intervention.Status));
        Assert.Equal(_clock.GetUtcNow(), intervention.CreatedAt);
        Assert.Null(intervention.CompletedAt);
        Assert.Equal(saved.Version, intervention.Version);
        Assert.Equal([("이차함수", 0.65, 0.85, 1), ("삼각함수", 0.7, 0.9, 2)],
            intervention.WeakAreas.Select(w => (w.Concept, w.CurrentMastery, w.TargetMastery, w.Priority)));
        Assert.Equal(
            new (int, string, string?, string?, int?, int)[]
            {
                (1, "review_concept", "이차함수 기본", null, null, 1800),
                (2, "practice", null, "PS_456", 10, 2430),
                (3, "오답 노트 정리", null, null, null, 900),
            },
            intervention.LearningPath.Select(s => (s.Step, s.Activity, s.Concept, s.ProblemSetId, s.NumProblems, s.EstimatedDuration)));
        Assert.All(intervention.LearningPath, s => Assert.Null(s.CompletedAt));
        Assert.Equal((0, 3), (intervention.Progress.Completed, intervention.Progress.Total));

        // The JSON the other nodes read: the design document's keys, duration in seconds.
        Assert.Equal("[1800, 2430, 900]", await JsonAsync("jsonb_path_query_array(learning_path, '$[*].estimated_duration')", saved.Id));
        Assert.Equal("[1, 2]", await JsonAsync("jsonb_path_query_array(weak_areas, '$[*].priority')", saved.Id));
        Assert.Equal("""{"total": 3, "completed": 0}""", await JsonAsync("progress", saved.Id));

        var audit = await db.AuditLogs.SingleAsync(a => a.EntityType == nameof(Intervention) && a.EntityKey == saved.Id.ToString());
        Assert.Equal((AuditActions.Create, "admin-plans", "계획하는 관리자"), (audit.Action, audit.UserId, audit.UserName));
    }

    [Fact]
    public async Task Create_BreakingARule_OrForNoStudent_WritesNothing()
    {
        var student = await StudentAsync();
        var input = InterventionValidationTests.ValidInput();
        input.WeakAreas[1].Concept = "이차함수";

        var invalid = Assert.IsType<InterventionSaveResult.Invalid>(await RunAsync(e => e.CreateAsync(student, input)));
        Assert.Equal([new InterventionFieldKey(InterventionField.Concept, 2)], invalid.Errors.Keys);
        Assert.IsType<InterventionSaveResult.Gone>(await RunAsync(e => e.CreateAsync(Guid.NewGuid(), InterventionValidationTests.ValidInput())));

        await using var db = _database.CreateDbContext();
        Assert.False(await db.Interventions.AnyAsync(i => i.StudentId == student));
    }

    [Fact]
    public async Task Reordering_RenumbersPrioritiesAndSteps_InTheNewOrder()
    {
        var id = await CreateAsync();
        var draft = (await RunAsync(e => e.LoadAsync(id)))!;
        var input = draft.Input;

        (input.WeakAreas[0], input.WeakAreas[1]) = (input.WeakAreas[1], input.WeakAreas[0]);
        (input.Steps[1], input.Steps[2]) = (input.Steps[2], input.Steps[1]);
        var saved = Assert.IsType<InterventionSaveResult.Saved>(await RunAsync(e => e.UpdateAsync(id, draft.Version, input)));

        var intervention = await ReadAsync(id);
        Assert.NotEqual(draft.Version, saved.Version);
        Assert.Equal([("삼각함수", 1), ("이차함수", 2)], intervention.WeakAreas.Select(w => (w.Concept, w.Priority)));
        Assert.Equal([(1, "review_concept"), (2, "오답 노트 정리"), (3, "practice")], intervention.LearningPath.Select(s => (s.Step, s.Activity)));
        // Loaded again, the form shows the new order.
        var again = (await RunAsync(e => e.LoadAsync(id)))!;
        Assert.Equal(["삼각함수", "이차함수"], again.Input.WeakAreas.Select(w => w.Concept));
        Assert.Equal(["0.7", "0.65"], again.Input.WeakAreas.Select(w => w.CurrentMastery));
        Assert.Equal(["30", "15", "40.5"], again.Input.Steps.Select(s => s.Minutes));
    }

    [Fact]
    public async Task Edit_KeepsTheTicksOfStepsItKeeps_WhereverTheyMove_AndRecountsProgress()
    {
        var id = await CreateAsync();
        var ticked = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        await SomeoneElseChangesAsync(id, i =>
        {
            i.LearningPath[0].CompletedAt = ticked;
            i.LearningPath[1].CompletedAt = ticked.AddHours(1);
            i.Progress = new InterventionProgress { Completed = 2, Total = 3 };
        });
        var draft = (await RunAsync(e => e.LoadAsync(id)))!;
        var input = draft.Input;

        // Practice (ticked) moves to the top; the review (ticked) changes its concept, so it is another step to do;
        // the custom step goes, and a new assessment comes last.
        var (review, practice) = (input.Steps[0], input.Steps[1]);
        review.Concept = "이차함수 그래프";
        input.Steps = [practice, review, new StepInput { Activity = InterventionActivities.Assessment, Minutes = "20" }];
        Assert.IsType<InterventionSaveResult.Saved>(await RunAsync(e => e.UpdateAsync(id, draft.Version, input)));

        var intervention = await ReadAsync(id);
        Assert.Equal(
            new (int, string, DateTimeOffset?)[] { (1, "practice", ticked.AddHours(1)), (2, "review_concept", null), (3, "assessment", null) },
            intervention.LearningPath.Select(s => (s.Step, s.Activity, s.CompletedAt)));
        Assert.Equal((1, 3), (intervention.Progress.Completed, intervention.Progress.Total));
        Assert.Equal((InterventionType.TeacherRequested, InterventionStatus.Active), (intervention.Type, intervention.Status));
    }

    [Fact]
    public async Task Edit_WithAStaleVersion_ChangesNothing_AndReturnsTheirVersion()
    {
        var id = await CreateAsync();
        var mine = (await RunAsync(e => e.LoadAsync(id)))!;
        await SomeoneElseChangesAsync(id, i =>
        {
            i.WeakAreas[0].TargetMastery = 0.95;
            i.Status = InterventionStatus.Paused;
        });
        var before = await JsonAsync("to_jsonb(interventions)", id);

        mine.Input.WeakAreas[0].Concept = "일차함수";
        var conflict = Assert.IsType<InterventionSaveResult.Conflict>(await RunAsync(e => e.UpdateAsync(id, mine.Version, mine.Input)));

        Assert.Equal(before, await JsonAsync("to_jsonb(interventions)", id));
        var theirs = conflict.Theirs;
        Assert.Equal((id, InterventionStatus.Paused, (await ReadAsync(id)).Version), (theirs.Id, theirs.Status, theirs.Version));
        Assert.NotEqual(mine.Version, theirs.Version);
        Assert.Equal(("이차함수", "0.95"), (theirs.Input.WeakAreas[0].Concept, theirs.Input.WeakAreas[0].TargetMastery));
        await using var db = _database.CreateDbContext();
        Assert.False(await db.AuditLogs.AnyAsync(a => a.EntityKey == id.ToString() && a.Action == AuditActions.Update && a.UserId == "admin-plans"));

        // Against their version, knowingly, the same form saves.
        Assert.IsType<InterventionSaveResult.Saved>(await RunAsync(e => e.UpdateAsync(id, theirs.Version, mine.Input)));
        var saved = await ReadAsync(id);
        Assert.Equal(("일차함수", 0.85, InterventionStatus.Paused), (saved.WeakAreas[0].Concept, saved.WeakAreas[0].TargetMastery, saved.Status));
    }

    [Fact]
    public async Task ASaveLandingBetweenTheReadAndTheWrite_IsCaughtByTheVersionInTheUpdate()
    {
        var id = await CreateAsync();
        var mine = (await RunAsync(e => e.LoadAsync(id)))!;
        _meanwhile.Once = () => SomeoneElseChangesAsync(id, i => i.LearningPath[2].CompletedAt = _clock.GetUtcNow());

        mine.Input.Steps.RemoveAt(2);
        var conflict = Assert.IsType<InterventionSaveResult.Conflict>(await RunAsync(e => e.UpdateAsync(id, mine.Version, mine.Input)));

        Assert.Null(_meanwhile.Once);
        Assert.Equal(3, conflict.Theirs.Input.Steps.Count);
        Assert.NotNull(conflict.Theirs.Input.Steps[2].CompletedAt);
        Assert.Equal(3, (await ReadAsync(id)).LearningPath.Count);
    }

    [Theory]
    [InlineData(InterventionStatus.Completed, "This intervention is completed: its plan is history now and can no longer be edited.")]
    [InlineData(InterventionStatus.Cancelled, "This intervention is cancelled: its plan is history now and can no longer be edited.")]
    public async Task Edit_OfACompletedOrCancelledIntervention_IsRefused_AndChangesNothing(InterventionStatus status, string message)
    {
        var id = await CreateAsync();
        await SomeoneElseChangesAsync(id, i => i.Status = status);
        var draft = (await RunAsync(e => e.LoadAsync(id)))!;
        Assert.True(draft.IsClosed);

        draft.Input.WeakAreas.RemoveAt(1);
        var closed = Assert.IsType<InterventionSaveResult.Closed>(await RunAsync(e => e.UpdateAsync(id, draft.Version, draft.Input)));

        Assert.Equal((status, message), (closed.Status, closed.Message));
        Assert.Equal(2, (await ReadAsync(id)).WeakAreas.Count);
    }

    [Fact]
    public async Task AnInterventionThatIsNotThere_IsGone()
    {
        Assert.Null(await RunAsync(e => e.LoadAsync(Guid.NewGuid())));
        Assert.IsType<InterventionSaveResult.Gone>(await RunAsync(e => e.UpdateAsync(Guid.NewGuid(), 1, InterventionValidationTests.ValidInput())));
    }

    private async Task<Guid> CreateAsync()
    {
        var student = await StudentAsync();
        return Assert.IsType<InterventionSaveResult.Saved>(await RunAsync(e => e.CreateAsync(student, InterventionValidationTests.ValidInput()))).Id;
    }

    private Task<Guid> StudentAsync() =>
        Sql.ScalarAsync<Guid>(_database.ConnectionString, "INSERT INTO students (name, school_id, grade) VALUES ('개입 학생', 'SCH001', 9) RETURNING id");

    private async Task<Intervention> ReadAsync(Guid id)
    {
        await using var db = _database.CreateDbContext();
        return await db.Interventions.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    private Task<string> JsonAsync(string expression, Guid id) =>
        Sql.ScalarAsync<string>(_database.ConnectionString, $"SELECT ({expression})::text FROM interventions WHERE id = $1", id);

    private async Task SomeoneElseChangesAsync(Guid id, Action<Intervention> change)
    {
        await using var db = _database.CreateDbContext();
        var intervention = await db.Interventions.SingleAsync(i => i.Id == id);
        change(intervention);
        await db.SaveChangesAsync();
    }

    private async Task<T> RunAsync<T>(Func<InterventionEditing, Task<T>> operation)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddHttpContextAccessor()
            .AddScoped<CurrentUser>()
            .AddScoped<SchoolScope>()
            .AddScoped<IDbContextFactory<StudentHubDbContext>>(sp => new AuditedContextFactory(_database, sp.GetRequiredService<CurrentUser>(), _meanwhile))
            .AddSingleton<TimeProvider>(_clock)
            .AddStudentHubLocalization()
            .AddInterventionEditing()
            .BuildServiceProvider(validateScopes: true);
        await using var _ = services;
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(Admin);
        return await operation(scope.ServiceProvider.GetRequiredService<InterventionEditing>());
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

    /// <summary>The app's contexts: audited as the scope's user, on the test class's database (and with the race hook).</summary>
    private sealed class AuditedContextFactory(DatabaseFixture database, IAuditActor actor, Meanwhile meanwhile) : IDbContextFactory<StudentHubDbContext>
    {
        public StudentHubDbContext CreateDbContext() =>
            new(((DbContextOptionsBuilder<StudentHubDbContext>)new DbContextOptionsBuilder<StudentHubDbContext>()
                .UseStudentHub(database.DataSource)
                .AddInterceptors(new AuditInterceptor(actor), meanwhile)).Options);
    }
}
