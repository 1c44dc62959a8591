using Bunit;
using Bunit.Rendering;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Interventions;
using static StudentHub.Tests.Interventions.InterventionTestKit;

namespace StudentHub.Tests.Interventions;

/// <summary>
/// One intervention's page over a real database: what an admin may do (only the lifecycle's allowed moves, ticking
/// steps, the offer to complete), a teacher's read-only view, another school's 404, and a change over someone else's.
/// </summary>
public class InterventionPageTests(DatabaseFixture database) : InterventionComponentTest(database), IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Admin_OnAnActiveOne_GetsPauseCompleteAndCancel_NotResume_AndTicksSteps()
    {
        var data = await InterventionData.SeedAsync(Database);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);

        var page = RenderPage(data.A1Active);

        page.WaitForElement("[data-testid=lifecycle-buttons]", Patience);
        Assert.Equal(["pause", "complete", "cancel"], LifecycleButtons(page));
        Assert.Equal($"/interventions/{data.A1Active}/edit", page.Find("[data-testid=edit-intervention]").GetAttribute("href"));
        Assert.Equal([true, false, false, false], Enumerable.Range(1, 4).Select(n => CheckBox(page, $"step-{n}-done").HasAttribute("checked")));
        Assert.Empty(page.FindAll("[data-testid=offer-complete]"));
        Assert.Equal("active", page.Find("[data-testid=status-chip]").GetAttribute("data-status"));
        Assert.Equal($"/students/{data.StudentA1}", page.Find("[data-testid=student-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task Admin_OnAPausedOne_GetsResume_NotPause()
    {
        var data = await InterventionData.SeedAsync(Database);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);

        var page = RenderPage(data.A1Paused);

        page.WaitForElement("[data-testid=lifecycle-buttons]", Patience);
        Assert.Equal(["resume", "complete", "cancel"], LifecycleButtons(page));
    }

    [Fact]
    public async Task Admin_OnAFinishedOne_GetsNoLifecycleButtonNorCheckbox()
    {
        var data = await InterventionData.SeedAsync(Database);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);

        var page = RenderPage(data.A2Completed);

        page.WaitForElement("[data-testid=lifecycle-buttons]", Patience);
        Assert.Empty(LifecycleButtons(page));
        Assert.Empty(page.FindAll("[data-testid$=-done]"));
        Assert.Single(page.FindAll("[data-testid=edit-intervention]"));
        Assert.Empty(page.FindAll("[data-testid=offer-complete]"));
        Assert.Contains("Completed", page.Find("[data-testid=completed-at]").TextContent);
    }

    [Fact]
    public async Task ATeacherOfTheSchool_ReadsItAll_ButChangesNothing()
    {
        var data = await InterventionData.SeedAsync(Database);
        await SignInTeacherAsync("teacher-page-a", InterventionData.SchoolA);

        var page = RenderPage(data.A1Active);

        page.WaitForElement("[data-testid=weak-areas]", Patience);
        Assert.Empty(page.FindAll("[data-testid=lifecycle-buttons]"));
        Assert.Empty(page.FindAll("[data-testid=edit-intervention]"));
        Assert.Empty(page.FindAll("input[type=checkbox]"));
        Assert.Equal(["true", "false", "false", "false"], page.FindAll("[data-testid=step]").Select(s => s.GetAttribute("data-done")));
        Assert.Equal(
            [["1", "분수의 덧셈", "50% → 85%"], ["2", "소수", "60% → 85%"]],
            page.FindAll("[data-testid=weak-area]").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()));
        Assert.Equal("1 of 4 steps done", page.Find("[data-testid=progress-steps]").TextContent.Trim());
        Assert.Equal("25", page.Find("[data-testid=progress]").GetAttribute("aria-valuenow"));
        var first = page.Find("[data-testid=step]");
        Assert.Equal(["Step 1 · Review the concept", "분수의 덧셈 · about 30 min"], first.QuerySelectorAll(".mud-typography").Take(2).Select(t => t.TextContent.Trim()));
        Assert.Equal("PS_002, 10 problems · about 30 min", page.FindAll("[data-testid=step]")[1].QuerySelectorAll(".mud-typography")[1].TextContent.Trim());
    }

    [Fact]
    public async Task ATeacherOfAnotherSchool_GetsTheSameNotFoundAsForAStudent()
    {
        var data = await InterventionData.SeedAsync(Database);
        await SignInTeacherAsync("teacher-page-b", InterventionData.SchoolB);
        var notFound = false;
        Navigation.OnNotFound += (_, _) => notFound = true;

        var page = RenderPage(data.A1Active);

        page.WaitForAssertion(() => Assert.True(notFound), Patience);
        Assert.Empty(page.FindAll("[data-testid=intervention-title]"));
        Assert.Empty(page.FindAll("[data-testid=weak-area]"));
    }

    [Fact]
    public async Task TickingTheLastStep_OffersToComplete_AndTheOfferCompletesIt()
    {
        var id = await InsertAsync(InterventionStatus.Active, Path(2, done: 1));
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderPage(id);
        page.WaitForElement("[data-testid=step-2-done]", Patience);

        Interact(page, () => CheckBox(page, "step-2-done").Change(true));

        page.WaitForAssertion(() => page.Find("[data-testid=offer-complete]"), Patience);
        Assert.Equal("2 of 2 steps done", page.Find("[data-testid=progress-steps]").TextContent.Trim());
        var ticked = await ReadAsync(id);
        Assert.Equal((2, 2, Now), (ticked.Progress.Completed, ticked.Progress.Total, ticked.ProgressedAt));
        Assert.Equal(Now, ticked.LearningPath.Single(s => s.Step == 2).CompletedAt);

        Interact(page, () => page.Find("[data-testid=offer-complete]").Click());

        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=status-chip]").GetAttribute("data-status")), Patience);
        var completed = await ReadAsync(id);
        Assert.Equal((InterventionStatus.Completed, Now), (completed.Status, completed.CompletedAt));
        Assert.Empty(page.FindAll("[data-testid=offer-complete]"));
        Assert.Empty(page.FindAll("input[type=checkbox]"));
        Assert.Empty(LifecycleButtons(page));
    }

    [Fact]
    public async Task UntickingAStep_CountsItOutAgain()
    {
        var id = await InsertAsync(InterventionStatus.Active, Path(3, done: 2));
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderPage(id);
        page.WaitForElement("[data-testid=step-1-done]", Patience);

        Interact(page, () => CheckBox(page, "step-1-done").Change(false));

        page.WaitForAssertion(() => Assert.Equal("1 of 3 steps done", page.Find("[data-testid=progress-steps]").TextContent.Trim()), Patience);
        var stored = await ReadAsync(id);
        Assert.Equal((1, 3), (stored.Progress.Completed, stored.Progress.Total));
        Assert.Null(stored.LearningPath.Single(s => s.Step == 1).CompletedAt);
    }

    [Fact]
    public async Task Pause_ThenOnlyResumeCompleteAndCancelAreOffered()
    {
        var id = await InsertAsync(InterventionStatus.Active, Path(2));
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderPage(id);
        page.WaitForElement("[data-testid=pause]", Patience);

        Interact(page, () => page.Find("button[data-testid=pause]").Click());

        page.WaitForAssertion(() => Assert.Equal(["resume", "complete", "cancel"], LifecycleButtons(page)), Patience);
        Assert.Equal(InterventionStatus.Paused, (await ReadAsync(id)).Status);
    }

    [Fact]
    public async Task Cancel_AsksFirst_BackKeepsIt_ConfirmingCancelsIt()
    {
        var id = await InsertAsync(InterventionStatus.Active, Path(2));
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderPage(id);
        page.WaitForElement("[data-testid=cancel]", Patience);

        Interact(page, () => page.Find("button[data-testid=cancel]").Click());
        page.WaitForAssertion(() => Assert.Contains("Cancelling is final: the intervention cannot change afterwards.", page.Find(".mud-dialog").TextContent), Patience);
        Interact(page, () => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Back").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")), Patience);
        Assert.Equal(InterventionStatus.Active, (await ReadAsync(id)).Status);

        Interact(page, () => page.Find("button[data-testid=cancel]").Click());
        page.WaitForAssertion(() => page.Find(".mud-dialog"), Patience);
        Interact(page, () => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel intervention").Click());

        page.WaitForAssertion(() => Assert.Equal("cancelled", page.Find("[data-testid=status-chip]").GetAttribute("data-status")), Patience);
        var stored = await ReadAsync(id);
        Assert.Equal((InterventionStatus.Cancelled, null), (stored.Status, stored.CompletedAt));
    }

    [Fact]
    public async Task Complete_WithStepsLeft_SaysHowManyBeforeItIsFinal()
    {
        var id = await InsertAsync(InterventionStatus.Paused, Path(4, done: 1));
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderPage(id);
        page.WaitForElement("[data-testid=complete]", Patience);

        Interact(page, () => page.Find("button[data-testid=complete]").Click());

        page.WaitForAssertion(() => Assert.Contains("3 of its 4 steps are not done yet.", page.Find(".mud-dialog").TextContent), Patience);
        Interact(page, () => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Complete").Click());
        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=status-chip]").GetAttribute("data-status")), Patience);
        Assert.Equal(Now, (await ReadAsync(id)).CompletedAt);
    }

    [Fact]
    public async Task ATickOverSomeoneElsesChange_ShowsBothVersionsAndWho_KeepingTheirsWritesNothing()
    {
        var id = await InsertAsync(InterventionStatus.Active, Path(3));
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderPage(id);
        page.WaitForElement("[data-testid=step-2-done]", Patience);
        await SomeoneElseChangesAsync(id, i =>
        {
            i.Status = InterventionStatus.Paused;
            i.LearningPath.Single(s => s.Step == 1).CompletedAt = Now;
            i.Progress.Completed = 1;
        });

        Interact(page, () => CheckBox(page, "step-2-done").Change(true));

        page.WaitForAssertion(() => page.Find("[data-testid=conflict-dialog]"), Patience);
        Assert.Contains("다른 관리자 changed it", page.Find("[data-testid=conflict-explain]").TextContent);
        Assert.Equal("Your change: Step 2 done", page.Find("[data-testid=conflict-attempt]").TextContent.Trim());
        var rows = page.FindAll("[data-testid=conflict-row]").ToDictionary(r => r.GetAttribute("data-field")!);
        Assert.Equal(("Paused", "Active", "true"), Row(rows["status"]));
        Assert.Equal(("1 of 3 steps done", "1 of 3 steps done", "false"), Row(rows["progress"]));
        Assert.Equal(("Done", "To do", "true"), Row(rows["step-1"]));
        Assert.Equal(("To do", "Done", "true"), Row(rows["step-2"]));
        Assert.Equal(("To do", "To do", "false"), Row(rows["step-3"]));

        Interact(page, () => page.Find("button[data-testid=keep-theirs]").Click());

        page.WaitForAssertion(() => Assert.Equal("paused", page.Find("[data-testid=status-chip]").GetAttribute("data-status")), Patience);
        Assert.Equal([true, false, false], Enumerable.Range(1, 3).Select(n => CheckBox(page, $"step-{n}-done").HasAttribute("checked")));
        var stored = await ReadAsync(id);
        Assert.Null(stored.LearningPath.Single(s => s.Step == 2).CompletedAt);
        Assert.Equal(1, stored.Progress.Completed);
    }

    [Fact]
    public async Task ATickOverSomeoneElsesChange_AppliedAnyway_IsAddedToTheirVersion()
    {
        var id = await InsertAsync(InterventionStatus.Active, Path(3));
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderPage(id);
        page.WaitForElement("[data-testid=step-2-done]", Patience);
        await SomeoneElseChangesAsync(id, i =>
        {
            i.Status = InterventionStatus.Paused;
            i.LearningPath.Single(s => s.Step == 1).CompletedAt = Now;
            i.Progress.Completed = 1;
        });

        Interact(page, () => CheckBox(page, "step-2-done").Change(true));
        page.WaitForAssertion(() => page.Find("[data-testid=conflict-dialog]"), Patience);
        Interact(page, () => page.Find("button[data-testid=apply-mine]").Click());

        page.WaitForAssertion(() => Assert.Equal("2 of 3 steps done", page.Find("[data-testid=progress-steps]").TextContent.Trim()), Patience);
        var stored = await ReadAsync(id);
        Assert.Equal((InterventionStatus.Paused, 2), (stored.Status, stored.Progress.Completed));
        Assert.NotNull(stored.LearningPath.Single(s => s.Step == 1).CompletedAt);
        Assert.NotNull(stored.LearningPath.Single(s => s.Step == 2).CompletedAt);
    }

    [Fact]
    public async Task AMoveTheOtherVersionNoLongerAllows_IsRefusedWithTheReason()
    {
        var id = await InsertAsync(InterventionStatus.Active, Path(2));
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderPage(id);
        page.WaitForElement("[data-testid=pause]", Patience);
        await SomeoneElseChangesAsync(id, i =>
        {
            i.Status = InterventionStatus.Completed;
            i.CompletedAt = Now;
        });

        Interact(page, () => page.Find("button[data-testid=pause]").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=conflict-dialog]"), Patience);
        Interact(page, () => page.Find("button[data-testid=apply-mine]").Click());

        page.WaitForAssertion(() => Assert.Equal("A completed intervention is final: it can no longer change.",
            page.Find("[data-testid=refusal]").TextContent.Trim()), Patience);
        Assert.Equal("completed", page.Find("[data-testid=status-chip]").GetAttribute("data-status"));
        Assert.Equal(InterventionStatus.Completed, (await ReadAsync(id)).Status);
    }

    [Fact]
    public async Task HistoryTab_ShowsTheInterventionsAuditTrail_WithWhoAndWhen()
    {
        var data = await InterventionData.SeedAsync(Database);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderPage(data.A1Paused);
        page.WaitForElement("[data-testid=weak-areas]", Patience);

        Interact(page, () => page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "History").Click());

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=history-entry]")), Patience);
        Assert.Equal("관리자 김하늘", page.Find("[data-testid=history-who]").TextContent.Trim());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheEvidenceTab_IsThereForAutomaticOnesOnly_WithTheModelsEvidence(bool automatic)
    {
        var data = await InterventionData.SeedAsync(Database);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);

        var page = RenderPage(automatic ? data.A1Active : data.A1Paused);

        page.WaitForElement("[data-testid=weak-areas]", Patience);
        Assert.Equal(automatic, page.FindAll(".mud-tab").Any(t => t.TextContent.Trim() == "Evidence"));
        if (!automatic)
            return;
        Interact(page, () => page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Evidence").Click());
        page.WaitForAssertion(() => Assert.Equal("분수의 덧셈", page.Find("[data-testid=evidence-concept] td").TextContent.Trim()), Patience);
    }

    private IRenderedComponent<ContainerFragment> RenderPage(Guid id) =>
        RenderWithDialogs<InterventionPage>($"/interventions/{id}", (nameof(InterventionPage.Id), id));

    private static List<string?> LifecycleButtons(IRenderedComponent<ContainerFragment> page) =>
        page.FindAll("[data-testid=lifecycle-buttons] button[data-testid]")
            .Select(b => b.GetAttribute("data-testid"))
            .Where(t => t != "edit-intervention")
            .ToList();

    private static (string, string, string?) Row(AngleSharp.Dom.IElement row) =>
        (row.QuerySelector("[data-testid=theirs]")!.TextContent.Trim(), row.QuerySelector("[data-testid=mine]")!.TextContent.Trim(), row.GetAttribute("data-differs"));

    private async Task<Guid> InsertAsync(InterventionStatus status, List<LearningPathStep> path)
    {
        await using var db = Database.CreateDbContext();
        var intervention = new Intervention
        {
            Student = new Student { Name = "처방학생", SchoolId = "PAGE_" + Guid.NewGuid().ToString("N")[..8], Grade = 4 },
            Type = InterventionType.TeacherRequested,
            Status = status,
            WeakAreas = [new WeakArea { Concept = "분수의 덧셈", CurrentMastery = 0.5, Priority = 1 }],
            LearningPath = path,
            Progress = InterventionRules.ProgressOf(path),
            CreatedAt = At("2026-03-15T00:00:00Z"),
        };
        db.Interventions.Add(intervention);
        await db.SaveChangesAsync();
        return intervention.Id;
    }

    private async Task<Intervention> ReadAsync(Guid id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Interventions.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    private async Task SomeoneElseChangesAsync(Guid id, Action<Intervention> change)
    {
        await using var db = Database.CreateDbContext(new Actor("other-admin", "다른 관리자"));
        var intervention = await db.Interventions.SingleAsync(i => i.Id == id);
        change(intervention);
        await db.SaveChangesAsync();
    }

    private sealed record Actor(string? UserId, string? UserName) : IAuditActor;
}

/// <summary>The same page in Korean: statuses, buttons and progress in the reader's words.</summary>
public class InterventionPageKoreanTests(DatabaseFixture database) : InterventionComponentTest(database, "ko-KR"), IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task AnActiveOne_ReadsInKorean()
    {
        var data = await InterventionData.SeedAsync(Database);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);

        var page = RenderWithDialogs<InterventionPage>($"/interventions/{data.A2Stalled}", (nameof(InterventionPage.Id), data.A2Stalled));

        page.WaitForElement("[data-testid=lifecycle-buttons]", Patience);
        Assert.Equal("진행 중", page.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Equal("정체", page.Find("[data-testid=stalled-chip]").TextContent.Trim());
        Assert.Equal("자동 학습 처방", page.Find("[data-testid=type-chip]").TextContent.Trim());
        Assert.Equal(["일시 중지", "완료", "학습 처방 취소"],
            page.FindAll("[data-testid=lifecycle-buttons] button").Select(b => b.TextContent.Trim()));
        Assert.Equal("3단계 중 0단계 완료", page.Find("[data-testid=progress-steps]").TextContent.Trim());
        Assert.Equal("1단계 · 개념 복습", page.Find("[data-testid=step] .mud-typography").TextContent.Trim());
        Assert.Equal(["계획", "근거", "변경 이력"], page.FindAll(".mud-tab").Select(t => t.TextContent.Trim()));
    }
}
