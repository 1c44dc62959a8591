using System.Net;
using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Interventions;
using StudentHub.Web.Students;
using StudentHub.Web.Timeline;

namespace StudentHub.Tests.Interventions;

/// <summary>
/// The intervention form as an admin uses it, on a real database: each rule answered beside its field (or its list)
/// with nothing saved, the current mastery started from the computed one, rows reordered before saving, and the
/// conflict dialog's two versions and two choices.
/// </summary>
public class InterventionFormTests : AppComponentTest, IClassFixture<DatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly DatabaseFixture _database;
    private readonly List<Guid> _saved = [];

    public InterventionFormTests(DatabaseFixture database)
    {
        _database = database;
        UseDatabase(database);
        Services.AddStudents();
        Services.AddTimeline();
        Services.AddInterventionEditing();
        // The mastery model at its default parameters (AddInterventions would bind them to configuration).
        Services.AddScoped<StudentMastery>();
        SignIn("admin-intervention-form", "관리자 개입", Roles.Admin);
    }

    [Fact]
    public async Task EmptySave_AsksForAWeakAreaAndAStep_AndCreatesNothing()
    {
        var student = await StudentAsync();
        var form = RenderEditor(student);

        Save(form);

        form.WaitForAssertion(() =>
        {
            Assert.Equal("Add at least one weak area.", form.Find("[data-testid=weak-areas-error]").TextContent.Trim());
            Assert.Equal("Add at least one step to the learning path.", form.Find("[data-testid=steps-error]").TextContent.Trim());
        }, Patience);
        Assert.Empty(_saved);
        Assert.Equal(0, await CountAsync(student));

        // Adding one of each takes the list messages away and puts each row's own beside its fields.
        Click(form, "add-weak-area");
        Click(form, "add-step");
        Save(form);
        form.WaitForAssertion(() =>
        {
            Assert.Empty(form.FindAll("[data-testid=weak-areas-error]"));
            Assert.Empty(form.FindAll("[data-testid=steps-error]"));
            Assert.Equal("Enter the concept.", FieldError(form, "weak-1-concept"));
            Assert.Equal("Enter the current mastery.", FieldError(form, "weak-1-current"));
            Assert.Null(FieldError(form, "weak-1-target"));
            Assert.Equal("Choose the activity.", FieldError(form, "step-1-activity"));
            Assert.Equal("Enter the estimated minutes.", FieldError(form, "step-1-minutes"));
        }, Patience);
        Assert.Equal("0.85", form.Find("input[data-testid=weak-1-target]").GetAttribute("value"));
        Assert.Equal(0, await CountAsync(student));
    }

    [Fact]
    public async Task AConceptTwice_IsRefusedBesideTheSecond_AndNothingIsSaved()
    {
        var student = await StudentAsync();
        var form = RenderEditor(student);
        FillWeakArea(form, 1, "이차함수", "0.6");
        FillWeakArea(form, 2, " 이차함수 ", "0.7");
        FillStep(form, 1, "Practice", "이차함수", "30");

        Save(form);

        form.WaitForAssertion(() => Assert.Equal("“이차함수” is already weak area 1: each concept appears once.", FieldError(form, "weak-2-concept")), Patience);
        Assert.Null(FieldError(form, "weak-1-concept"));
        Assert.Empty(_saved);
        Assert.Equal(0, await CountAsync(student));

        // Once a save was refused, a change anywhere checks the rows again: renaming the first clears the second.
        Type(form, "weak-1-concept", "삼각함수");
        form.WaitForAssertion(() => Assert.Null(FieldError(form, "weak-2-concept")), Patience);
    }

    [Fact]
    public async Task ATargetNotAboveTheCurrentMastery_IsRefusedBesideTheTarget()
    {
        var student = await StudentAsync();
        var form = RenderEditor(student);
        FillWeakArea(form, 1, "이차함수", "0.9");
        Type(form, "weak-1-target", "0.85");
        FillStep(form, 1, "Assessment", null, "20");

        Save(form);

        form.WaitForAssertion(() => Assert.Equal("The target must be above the current mastery (0.9).", FieldError(form, "weak-1-target")), Patience);
        Assert.Null(FieldError(form, "weak-1-current"));
        Assert.Equal(0, await CountAsync(student));

        Type(form, "weak-1-current", "1.3");
        form.WaitForAssertion(() =>
        {
            Assert.Equal("Mastery runs from 0 to 1; 1.3 is outside.", FieldError(form, "weak-1-current"));
            Assert.Null(FieldError(form, "weak-1-target"));
        }, Patience);
    }

    [Fact]
    public async Task ChoosingAConcept_OfferedFromTheStudentsEvents_StartsItsCurrentMasteryFromTheComputedOne()
    {
        var student = await StudentAsync();
        await EventsAsync(student, ("이차함수", "correct"), ("이차함수", "incorrect"), ("이차함수", "correct"), ("소인수분해", null));
        var computed = (await Services.GetRequiredService<StudentMastery>().LoadAsync(student, schools: null)).Single();
        var form = RenderEditor(student);
        Click(form, "add-weak-area");

        Interact(form, () => form.Find("input[data-testid=weak-1-concept]").Input("함수"));
        form.WaitForAssertion(() => Assert.Equal(["이차함수"], SuggestionTexts(form)), Patience);
        Interact(form, () => form.FindAll(".mud-popover-open .mud-list-item").Single().Click());

        form.WaitForAssertion(() =>
        {
            Assert.Equal(InterventionInput.Number(Math.Round(computed.Mastery, 2)), form.Find("input[data-testid=weak-1-current]").GetAttribute("value"));
            Assert.Contains("Computed from the student's results", form.Find("[data-testid=weak-1-current]").Closest(".mud-input-control")!.TextContent);
        }, Patience);

        // A concept without results has no computed mastery: the one computed for the other is not left behind.
        Type(form, "weak-1-concept", "소인수분해");
        form.WaitForAssertion(() => Assert.Equal("", form.Find("input[data-testid=weak-1-current]").GetAttribute("value") ?? ""), Patience);
    }

    [Fact]
    public async Task AFullPlan_ReorderedInTheForm_IsSavedInTheNewOrder()
    {
        var student = await StudentAsync();
        var form = RenderEditor(student);
        FillWeakArea(form, 1, "이차함수", "0.65");
        FillWeakArea(form, 2, "삼각함수", "0.4");
        Type(form, "weak-2-target", "0.8");
        FillStep(form, 1, "Review the concept", "이차함수", "30");
        FillStep(form, 2, "Practice", null, "40");
        Type(form, "step-2-problem-set", "PS_456");
        Type(form, "step-2-problems", "10");
        FillStep(form, 3, "Other (name it)", null, "15");
        Type(form, "step-3-custom", "오답 노트");

        Click(form, "weak-2-up");
        Click(form, "step-3-up");
        form.WaitForAssertion(() =>
        {
            Assert.Equal("삼각함수", form.Find("input[data-testid=weak-1-concept]").GetAttribute("value"));
            Assert.Equal("Priority 1", form.Find("[data-testid=weak-1-priority]").TextContent.Trim());
            Assert.Equal("오답 노트", form.Find("input[data-testid=step-2-custom]").GetAttribute("value"));
            Assert.True(form.Find("button[data-testid=weak-1-up]").HasAttribute("disabled"));
        }, Patience);
        Save(form);

        form.WaitForAssertion(() => Assert.Single(_saved), Patience);
        await using var db = _database.CreateDbContext();
        var intervention = await db.Interventions.SingleAsync(i => i.Id == _saved[0]);
        Assert.Equal([("삼각함수", 0.4, 0.8, 1), ("이차함수", 0.65, 0.85, 2)],
            intervention.WeakAreas.Select(w => (w.Concept, w.CurrentMastery, w.TargetMastery, w.Priority)));
        Assert.Equal(
            new (int, string, string?, string?, int?, int)[]
            {
                (1, "review_concept", "이차함수", null, null, 1800),
                (2, "오답 노트", null, null, null, 900),
                (3, "practice", null, "PS_456", 10, 2400),
            },
            intervention.LearningPath.Select(s => (s.Step, s.Activity, s.Concept, s.ProblemSetId, s.NumProblems, s.EstimatedDuration)));
        Assert.Equal((InterventionType.TeacherRequested, 0, 3), (intervention.Type, intervention.Progress.Completed, intervention.Progress.Total));
    }

    [Fact]
    public async Task RemovingARow_RenumbersTheRest()
    {
        var form = RenderEditor(await StudentAsync());
        FillWeakArea(form, 1, "가", "0.1");
        FillWeakArea(form, 2, "나", "0.2");
        FillWeakArea(form, 3, "다", "0.3");

        Click(form, "weak-2-remove");

        form.WaitForAssertion(() =>
        {
            Assert.Equal(["가", "다"], form.FindAll("input[data-testid$=-concept][data-testid^=weak-]").Select(i => i.GetAttribute("value")));
            Assert.Equal("0.3", form.Find("input[data-testid=weak-2-current]").GetAttribute("value"));
            Assert.Empty(form.FindAll("[data-testid=weak-3]"));
        }, Patience);
    }

    [Fact]
    public async Task EditingAfterSomeoneTickedAndPaused_OpensTheDialog_WithBothVersionsPartByPart()
    {
        var (id, form) = await EditAfterSomeoneElseChangedAsync();

        var dialog = form.Find("[data-testid=conflict-dialog]");
        var rows = dialog.QuerySelectorAll("[data-testid=conflict-row]").ToDictionary(r => r.GetAttribute("data-part")!);
        Assert.Equal(["Status-0", "WeakArea-1", "WeakArea-2", "Step-1", "Step-2", "Step-3"], rows.Keys);
        Assert.Equal(["Status-0", "WeakArea-1", "Step-3"], rows.Where(r => r.Value.GetAttribute("data-differs") == "true").Select(r => r.Key));
        Assert.Equal(("Paused", "Active"), (Cell(rows["Status-0"], "theirs"), Cell(rows["Status-0"], "mine")));
        Assert.Equal(("이차함수 · 0.5 → 0.95", "이차함수 · 0.5 → 0.85"), (Cell(rows["WeakArea-1"], "theirs"), Cell(rows["WeakArea-1"], "mine")));
        // The tick made meanwhile is kept by either choice, so it is no difference.
        Assert.Equal(("Review the concept · 이차함수 기본 · 30 min · Done", "Review the concept · 이차함수 기본 · 30 min · Done"),
            (Cell(rows["Step-1"], "theirs"), Cell(rows["Step-1"], "mine")));
        Assert.Equal(("오답 노트 정리 · 15 min", "—"), (Cell(rows["Step-3"], "theirs"), Cell(rows["Step-3"], "mine")));
        Assert.Equal("Parts that differ: 3.", dialog.QuerySelector("[data-testid=conflict-summary]")!.TextContent.Trim());
        Assert.Equal(3, (await ReadAsync(id)).LearningPath.Count);
    }

    [Fact]
    public async Task ConflictDialog_OverwriteWithMine_SavesTheForm_KeepingTheirTickAndStatus()
    {
        var (id, form) = await EditAfterSomeoneElseChangedAsync();

        Interact(form, () => form.Find("[data-testid=overwrite-with-mine]").Click());

        form.WaitForAssertion(() => Assert.Equal([id], _saved), Patience);
        var intervention = await ReadAsync(id);
        Assert.Equal([("이차함수", 0.5, 0.85)], intervention.WeakAreas.Take(1).Select(w => (w.Concept, w.CurrentMastery, w.TargetMastery)));
        Assert.Equal(2, intervention.LearningPath.Count);
        Assert.NotNull(intervention.LearningPath[0].CompletedAt);
        Assert.Equal((1, 2, InterventionStatus.Paused), (intervention.Progress.Completed, intervention.Progress.Total, intervention.Status));
    }

    [Fact]
    public async Task ConflictDialog_KeepTheirs_ReloadsTheFormWithTheirVersion_AndSavesNothing()
    {
        var (id, form) = await EditAfterSomeoneElseChangedAsync();

        Interact(form, () => form.Find("[data-testid=keep-theirs]").Click());

        form.WaitForAssertion(() =>
        {
            Assert.Empty(form.FindAll("[data-testid=conflict-dialog]"));
            Assert.Equal("0.95", form.Find("input[data-testid=weak-1-target]").GetAttribute("value"));
            Assert.Equal("0.5", form.Find("input[data-testid=weak-1-current]").GetAttribute("value"));
            Assert.NotNull(form.Find("[data-testid=step-3]"));
            Assert.NotNull(form.Find("[data-testid=step-1-completed]"));
            Assert.NotNull(form.Find("[data-testid=notice]"));
        }, Patience);
        Assert.Empty(_saved);
        Assert.Equal(0.95, (await ReadAsync(id)).WeakAreas[0].TargetMastery);

        // The form now holds their version: a save from here goes through.
        Type(form, "step-3-minutes", "20");
        Save(form);
        form.WaitForAssertion(() => Assert.Equal([id], _saved), Patience);
        Assert.Equal(1200, (await ReadAsync(id)).LearningPath[2].EstimatedDuration);
    }

    [Fact]
    public async Task ConflictDialog_DecidingLater_SavesNothing_AndSaysSo()
    {
        var (id, form) = await EditAfterSomeoneElseChangedAsync();

        Interact(form, () => form.Find("[data-testid=conflict-cancel]").Click());

        form.WaitForAssertion(() => Assert.NotNull(form.Find("[data-testid=conflict-pending]")), Patience);
        Assert.Empty(_saved);
        Assert.Equal(3, (await ReadAsync(id)).LearningPath.Count);
    }

    [Fact]
    public async Task SavingAnInterventionCompletedMeanwhile_SaysItIsHistory_AndSavesNothing()
    {
        var id = await InterventionAsync(await StudentAsync());
        var form = RenderEditor((await LoadAsync(id))!);
        await using (var db = _database.CreateDbContext())
        {
            var intervention = await db.Interventions.SingleAsync(i => i.Id == id);
            intervention.Status = InterventionStatus.Completed;
            await db.SaveChangesAsync();
        }

        Type(form, "weak-1-current", "0.55");
        Save(form);

        form.WaitForAssertion(() => Assert.Contains("completed: its plan is history now", form.Find("[data-testid=intervention-closed]").TextContent), Patience);
        Assert.True(form.Find("button[data-testid=save-intervention]").HasAttribute("disabled"));
        Assert.Empty(_saved);
        Assert.Equal(0.5, (await ReadAsync(id)).WeakAreas[0].CurrentMastery);
    }

    [Fact]
    public async Task NewPage_WithoutAStudent_AsksForOneByName_ThenShowsTheFormForThem()
    {
        var student = await StudentAsync("찾을학생");
        var page = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<NewInterventionPage>(1);
            builder.CloseComponent();
        });

        Interact(page, () => page.Find("input[data-testid=student-picker]").Input("찾을"));
        page.WaitForAssertion(() => Assert.Contains("찾을학생 (SCH001, grade 9)", SuggestionTexts(page)), Patience);
        Interact(page, () => page.FindAll(".mud-popover-open .mud-list-item").First(i => i.TextContent.Contains("찾을학생")).Click());

        page.WaitForAssertion(() => Assert.EndsWith($"/interventions/new?student={student}", Services.GetRequiredService<NavigationManager>().Uri), Patience);
    }

    // Loads an intervention into the form, has someone else tick its first step and pause it and raise a target,
    // then edits the form (a lower current mastery, the last step removed) and saves: the conflict dialog opens.
    private async Task<(Guid Id, IRenderedComponent<ContainerFragment> Form)> EditAfterSomeoneElseChangedAsync()
    {
        var id = await InterventionAsync(await StudentAsync());
        var form = RenderEditor((await LoadAsync(id))!);
        await using (var db = _database.CreateDbContext())
        {
            var theirs = await db.Interventions.SingleAsync(i => i.Id == id);
            theirs.LearningPath[0].CompletedAt = DateTimeOffset.UtcNow;
            theirs.Progress = new InterventionProgress { Completed = 1, Total = 3 };
            theirs.Status = InterventionStatus.Paused;
            theirs.WeakAreas[0].TargetMastery = 0.95;
            await db.SaveChangesAsync();
        }

        Type(form, "weak-1-target", "0.85");
        Click(form, "step-3-remove");
        Save(form);
        form.WaitForAssertion(() => form.Find("[data-testid=conflict-dialog]"), Patience);
        return (id, form);
    }

    private IRenderedComponent<ContainerFragment> RenderEditor(Guid studentId) =>
        RenderEditor(new InterventionDraft(Guid.Empty, studentId, "", InterventionType.TeacherRequested, InterventionStatus.Active, 0, new InterventionInput()), isNew: true);

    private IRenderedComponent<ContainerFragment> RenderEditor(InterventionDraft draft, bool isNew = false) =>
        Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<InterventionEditor>(2);
            builder.AddComponentParameter(3, nameof(InterventionEditor.StudentId), draft.StudentId);
            builder.AddComponentParameter(4, nameof(InterventionEditor.InterventionId), isNew ? null : draft.Id);
            builder.AddComponentParameter(5, nameof(InterventionEditor.Intervention), draft.Input);
            builder.AddComponentParameter(6, nameof(InterventionEditor.Version), draft.Version);
            builder.AddComponentParameter(7, nameof(InterventionEditor.Status), draft.Status);
            builder.AddComponentParameter(8, nameof(InterventionEditor.OnSaved), EventCallback.Factory.Create<Guid>(this, _saved.Add));
            builder.CloseComponent();
        });

    /// <summary>Adds a weak area if the form has fewer rows, and fills its concept and current mastery.</summary>
    private static void FillWeakArea(IRenderedComponent<ContainerFragment> form, int row, string concept, string current)
    {
        if (form.FindAll($"[data-testid=weak-{row}]").Count == 0)
            Click(form, "add-weak-area");
        Type(form, $"weak-{row}-concept", concept);
        Type(form, $"weak-{row}-current", current);
    }

    /// <summary>Adds a step if the form has fewer rows, and picks its activity and fills its concept and minutes.</summary>
    private static void FillStep(IRenderedComponent<ContainerFragment> form, int row, string activity, string? concept, string minutes)
    {
        if (form.FindAll($"[data-testid=step-{row}]").Count == 0)
            Click(form, "add-step");
        Choose(form, $"step-{row}-activity", activity);
        if (concept is not null)
            Type(form, $"step-{row}-concept", concept);
        Type(form, $"step-{row}-minutes", minutes);
    }

    /// <summary>Opens a select and clicks the item with this text.</summary>
    private static void Choose(IRenderedComponent<ContainerFragment> form, string testId, string item)
    {
        Interact(form, () => form.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.MouseDown());
        form.WaitForAssertion(() => form.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == item), Patience);
        Interact(form, () => form.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == item).Click());
        form.WaitForAssertion(() => Assert.Empty(form.FindAll(".mud-popover-open .mud-list-item")), Patience);
    }

    private static List<string> SuggestionTexts(IRenderedComponent<ContainerFragment> form) =>
        form.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToList();

    // A concept is an autocomplete, which takes its value as typed (oninput), not on change; leaving it closes its list.
    private static void Type(IRenderedComponent<ContainerFragment> form, string testId, string value)
    {
        if (!testId.EndsWith("-concept", StringComparison.Ordinal))
        {
            Interact(form, () => form.Find($"input[data-testid={testId}]").Change(value));
            return;
        }
        Interact(form, () => form.Find($"input[data-testid={testId}]").Input(value));
        Interact(form, () => form.Find($"input[data-testid={testId}]").Blur());
    }

    private static void Click(IRenderedComponent<ContainerFragment> form, string testId) =>
        Interact(form, () => form.Find($"button[data-testid={testId}]").Click());

    private static void Save(IRenderedComponent<ContainerFragment> form) => Click(form, "save-intervention");

    // Until the event lands: a render in between can replace the element just found.
    private static void Interact(IRenderedComponent<ContainerFragment> form, Action interaction) =>
        form.WaitForAssertion(interaction, Patience);

    /// <summary>The error MudBlazor shows under the input, if any.</summary>
    private static string? FieldError(IRenderedComponent<ContainerFragment> form, string testId) =>
        form.Find($"[data-testid={testId}]").Closest(".mud-input-control")!
            .QuerySelector(".mud-input-helper-text.mud-input-error > .me-auto")?.TextContent.Trim();

    private static string Cell(IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    private async Task<InterventionDraft?> LoadAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InterventionEditing>().LoadAsync(id);
    }

    private Task<Guid> StudentAsync(string name = "개입 양식 학생") =>
        Sql.ScalarAsync<Guid>(_database.ConnectionString, "INSERT INTO students (name, school_id, grade) VALUES ($1, 'SCH001', 9) RETURNING id", name);

    /// <summary>Two weak areas (이차함수 0.5, 삼각함수 0.7) and three steps, nothing done.</summary>
    private async Task<Guid> InterventionAsync(Guid studentId)
    {
        await using var db = _database.CreateDbContext();
        var intervention = new Intervention
        {
            StudentId = studentId,
            Type = InterventionType.TeacherRequested,
            WeakAreas =
            [
                new WeakArea { Concept = "이차함수", CurrentMastery = 0.5, TargetMastery = 0.85, Priority = 1 },
                new WeakArea { Concept = "삼각함수", CurrentMastery = 0.7, TargetMastery = 0.85, Priority = 2 },
            ],
            LearningPath =
            [
                new LearningPathStep { Step = 1, Activity = "review_concept", Concept = "이차함수 기본", EstimatedDuration = 1800 },
                new LearningPathStep { Step = 2, Activity = "practice", ProblemSetId = "PS_456", NumProblems = 10, EstimatedDuration = 2400 },
                new LearningPathStep { Step = 3, Activity = "오답 노트 정리", EstimatedDuration = 900 },
            ],
            Progress = new InterventionProgress { Completed = 0, Total = 3 },
        };
        db.Interventions.Add(intervention);
        await db.SaveChangesAsync();
        return intervention.Id;
    }

    private async Task<Intervention> ReadAsync(Guid id)
    {
        await using var db = _database.CreateDbContext();
        return await db.Interventions.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    private async Task EventsAsync(Guid studentId, params (string Concept, string? Result)[] newestFirst)
    {
        await using var db = _database.CreateDbContext();
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        foreach (var (concept, result) in newestFirst)
        {
            db.LearningHistory.Add(new LearningEvent
            {
                StudentId = studentId, EventType = EventType.Test, SourceNode = 2, OccurredAt = at,
                Content = new EventContent { Action = "solved_problem", Concept = concept, Result = result },
            });
            at = at.AddMinutes(-10);
        }
        await db.SaveChangesAsync();
    }

    private Task<long> CountAsync(Guid studentId) =>
        Sql.ScalarAsync<long>(_database.ConnectionString, "SELECT count(*) FROM interventions WHERE student_id = $1", studentId);
}

/// <summary>The same form for a Korean reader: labels, choices and every message from the .ko resources.</summary>
public class InterventionFormInKoreanTests : AppComponentTest, IClassFixture<DatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly DatabaseFixture _database;

    public InterventionFormInKoreanTests(DatabaseFixture database) : base("ko-KR")
    {
        _database = database;
        UseDatabase(database);
        Services.AddStudents();
        Services.AddTimeline();
        Services.AddInterventionEditing();
        Services.AddScoped<StudentMastery>();
        SignIn("admin-intervention-ko", "관리자", Roles.Admin);
    }

    [Fact]
    public async Task SpeaksKorean()
    {
        var student = await Sql.ScalarAsync<Guid>(_database.ConnectionString, "INSERT INTO students (name, school_id, grade) VALUES ('한국어', 'SCH001', 9) RETURNING id");
        var form = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<InterventionEditor>(1);
            builder.AddComponentParameter(2, nameof(InterventionEditor.StudentId), student);
            builder.AddComponentParameter(3, nameof(InterventionEditor.Intervention), new InterventionInput());
            builder.CloseComponent();
        });

        form.WaitForAssertion(() => form.Find("button[data-testid=save-intervention]").Click(), Patience);
        form.WaitForAssertion(() =>
        {
            Assert.Equal("약점 개념을 하나 이상 추가하세요.", form.Find("[data-testid=weak-areas-error]").TextContent.Trim());
            Assert.Equal("학습 경로에 단계를 하나 이상 추가하세요.", form.Find("[data-testid=steps-error]").TextContent.Trim());
        }, Patience);

        form.WaitForAssertion(() => form.Find("button[data-testid=add-weak-area]").Click(), Patience);
        form.WaitForAssertion(() => form.Find("button[data-testid=add-weak-area]").Click(), Patience);
        form.WaitForAssertion(() => form.Find("input[data-testid=weak-1-concept]").Input("이차함수"), Patience);
        form.WaitForAssertion(() => form.Find("input[data-testid=weak-2-concept]").Input("이차함수"), Patience);
        form.WaitForAssertion(() => form.Find("input[data-testid=weak-2-current]").Change("0,5"), Patience);
        form.WaitForAssertion(() => form.Find("button[data-testid=save-intervention]").Click(), Patience);

        form.WaitForAssertion(() =>
        {
            Assert.Contains("‘이차함수’은(는) 이미 1번 약점 개념입니다. 개념은 한 번만 넣을 수 있습니다.", form.Markup);
            Assert.Contains("‘0,5’은(는) 숙달도가 아닙니다. 0.65처럼 0부터 1까지의 수를 입력하세요.", form.Markup);
            Assert.Contains("현재 숙달도를 입력하세요.", form.Markup);
        }, Patience);
        Assert.Contains("우선순위 2", form.Markup);
        Assert.Equal("학습 처방 만들기", form.Find("button[data-testid=save-intervention]").TextContent.Trim());
    }
}

/// <summary>The create and edit pages through the whole app, as an admin's browser first receives them (prerendered).</summary>
public class InterventionFormPagesTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private StudentHubWebFactory _factory = default!;
    private HttpClient _admin = default!;

    public async Task InitializeAsync()
    {
        _factory = new StudentHubWebFactory(database);
        _admin = await TestAccounts.SignedInClientAsync(_factory, await TestAccounts.CreateAsync(_factory, Roles.Admin));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task EditPage_OfAnInterventionThatDoesNotExist_Answers404()
    {
        var response = await _admin.GetAsync($"/interventions/{Guid.NewGuid()}/edit");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task NewPage_ForAStudent_ShowsTheirNameAndAnEmptyForm_InKorean()
    {
        var student = await StudentAsync("계획받을학생");

        var html = await _admin.GetStringAsync($"/interventions/new?student={student}");

        Assert.Contains("새 학습 처방", html);
        Assert.Contains("계획받을학생", html);
        Assert.Contains("data-testid=\"intervention-form\"", html);
        Assert.DoesNotContain("data-testid=\"student-picker\"", html);
    }

    [Fact]
    public async Task NewPage_ForNobody_AsksForTheStudent()
    {
        var html = await _admin.GetStringAsync($"/interventions/new?student={Guid.NewGuid()}");

        Assert.Contains("data-testid=\"student-not-found\"", html);
        Assert.Contains("data-testid=\"student-picker\"", html);
        Assert.DoesNotContain("data-testid=\"intervention-form\"", html);
    }

    [Theory]
    [InlineData("active", "data-testid=\"intervention-form\"")]
    [InlineData("completed", "완료된 학습 처방입니다. 계획은 기록으로 남아 더는 편집할 수 없습니다.")]
    [InlineData("cancelled", "취소된 학습 처방입니다. 계획은 기록으로 남아 더는 편집할 수 없습니다.")]
    public async Task EditPage_ShowsTheFormOnlyWhileTheInterventionIsPlanned(string status, string expected)
    {
        var student = await StudentAsync("편집할개입학생");
        var id = await Sql.ScalarAsync<Guid>(database.ConnectionString,
            """
            INSERT INTO interventions (student_id, type, weak_areas, learning_path, status, progress)
            VALUES ($1, 'auto', '[{"concept": "원", "current_mastery": 0.4, "target_mastery": 0.85, "priority": 1}]',
                    '[{"step": 1, "activity": "review_concept", "concept": "원", "estimated_duration": 1200}]', $2, '{"completed": 0, "total": 1}')
            RETURNING id
            """, student, status);

        var html = await _admin.GetStringAsync($"/interventions/{id}/edit");

        Assert.Contains("편집할개입학생 학생의 학습 처방 편집", html);
        Assert.Contains(expected, html);
        Assert.Equal(status == "active", html.Contains("value=\"원\""));
    }

    private Task<Guid> StudentAsync(string name) =>
        Sql.ScalarAsync<Guid>(database.ConnectionString, "INSERT INTO students (name, school_id, grade) VALUES ($1, 'SCH001', 9) RETURNING id", name);
}
