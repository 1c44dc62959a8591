using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Interventions;

namespace StudentHub.Tests.Browser;

/// <summary>
/// An intervention's life in a real browser, as an admin creates, edits and completes it: in the form two weak areas
/// (one concept picked from the student's events, its mastery filled in) and three steps, reordered, saved; then from
/// its page the edit form, where a target mastery and a step's minutes change and a fourth step is added; then on its
/// page a step ticked, the intervention paused, resumed and completed, the database and the page agreeing at each step.
/// </summary>
public partial class InterventionJourneyTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private BrowserSession _browser = default!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync(database);

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task Admin_CreatesAnInterventionInTheForm_EditsIt_ThenTicksAStep_PausesResumesAndCompletesIt()
    {
        var studentId = await StudentWithResultsAsync();
        var page = await _browser.NewPageAsync();
        await _browser.RunJourneyAsync(page, "intervention-journey", async () =>
        {
            await _browser.SignInAsync(page, await TestAccounts.CreateAsync(_browser.Factory, Roles.Admin));
            await BrowserSession.WaitForInteractivityAsync(page);
            await page.GotoAsync($"/interventions/new?student={studentId}");
            await BrowserSession.WaitForInteractivityAsync(page);
            await Assertions.Expect(page.GetByTestId("intervention-student")).ToContainTextAsync("박지호");

            // Weak area 1: a concept offered from the student's events, its current mastery filled in from the model.
            await page.GetByTestId("add-weak-area").ClickAsync();
            await page.GetByTestId("weak-1-concept").FillAsync("이차");
            await ClickListItemAsync(page, "이차함수");
            await Assertions.Expect(page.GetByTestId("weak-1-current")).ToHaveValueAsync(new Regex(@"^0\.\d{1,2}$"));
            var computed = await page.GetByTestId("weak-1-current").InputValueAsync();
            // Weak area 2: a concept typed in, with its mastery and target.
            await page.GetByTestId("add-weak-area").ClickAsync();
            await TypeConceptAsync(page, "weak-2-concept", "삼각함수");
            await page.GetByTestId("weak-2-current").FillAsync("0.4");
            await page.GetByTestId("weak-2-target").FillAsync("0.8");

            await page.GetByTestId("add-step").ClickAsync();
            await ChooseAsync(page, "step-1-activity", "개념 복습");
            await PickConceptAsync(page, "step-1-concept", "이차", "이차함수");
            await page.GetByTestId("step-1-minutes").FillAsync("30");
            await page.GetByTestId("add-step").ClickAsync();
            await ChooseAsync(page, "step-2-activity", "문제 연습");
            await page.GetByTestId("step-2-problem-set").FillAsync("PS_456");
            await page.GetByTestId("step-2-problems").FillAsync("10");
            await page.GetByTestId("step-2-minutes").FillAsync("40");
            await page.GetByTestId("add-step").ClickAsync();
            await ChooseAsync(page, "step-3-activity", "평가");
            await page.GetByTestId("step-3-minutes").FillAsync("20");

            // The second weak area becomes the first; the assessment moves before the practice.
            await page.GetByTestId("weak-2-up").ClickAsync();
            await page.GetByTestId("step-3-up").ClickAsync();
            await Assertions.Expect(page.GetByTestId("weak-1-concept")).ToHaveValueAsync("삼각함수");
            await Assertions.Expect(page.GetByTestId("weak-2-current")).ToHaveValueAsync(computed);
            await Assertions.Expect(page.GetByTestId("step-2-minutes")).ToHaveValueAsync("20");
            await BrowserSession.ScreenshotAsync(page, "intervention-journey-form");

            await page.GetByTestId("save-intervention").ClickAsync();
            await page.WaitForURLAsync(DetailUrl());
            var id = Guid.Parse(DetailUrl().Match(page.Url).Groups[1].Value);

            var intervention = await ReadAsync(id);
            Assert.Equal((studentId, InterventionType.TeacherRequested, InterventionStatus.Active), (intervention.StudentId, intervention.Type, intervention.Status));
            Assert.Equal([("삼각함수", 0.4, 0.8, 1), ("이차함수", double.Parse(computed, System.Globalization.CultureInfo.InvariantCulture), 0.85, 2)],
                intervention.WeakAreas.Select(w => (w.Concept, w.CurrentMastery, w.TargetMastery, w.Priority)));
            Assert.Equal(
                new (int, string, string?, string?, int?, int)[]
                {
                    (1, InterventionActivities.ReviewConcept, "이차함수", null, null, 1800),
                    (2, InterventionActivities.Assessment, null, null, null, 1200),
                    (3, InterventionActivities.Practice, null, "PS_456", 10, 2400),
                },
                intervention.LearningPath.Select(s => (s.Step, s.Activity, s.Concept, s.ProblemSetId, s.NumProblems, s.EstimatedDuration)));
            Assert.Equal((0, 3), (intervention.Progress.Completed, intervention.Progress.Total));

            await BrowserSession.WaitForInteractivityAsync(page);
            await Assertions.Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("진행 중");
            await Assertions.Expect(page.GetByTestId("weak-area")).ToHaveCountAsync(2);
            await Assertions.Expect(page.GetByTestId("weak-area").First).ToContainTextAsync("삼각함수");
            await Assertions.Expect(page.GetByTestId("step")).ToHaveCountAsync(3);
            await Assertions.Expect(page.GetByTestId("step").Nth(1)).ToContainTextAsync("평가");
            await Assertions.Expect(page.GetByTestId("progress-steps")).ToHaveTextAsync("3단계 중 0단계 완료");
            await BrowserSession.ScreenshotAsync(page, "intervention-journey-created");

            await EditInItsFormAsync(page, id, computed);
            await RunOnItsPageAsync(page, id);
        });
    }

    /// <summary>
    /// From the intervention's page to its form: the first weak area's target raised, the practice made longer, a
    /// review step added; saved, back on its page with the change, and the row holding it.
    /// </summary>
    private async Task EditInItsFormAsync(IPage page, Guid id, string computed)
    {
        await page.GetByTestId("edit-intervention").ClickAsync();
        await page.WaitForURLAsync($"**/interventions/{id}/edit");
        await BrowserSession.WaitForInteractivityAsync(page);
        // The form starts from the plan as saved.
        await Assertions.Expect(page.GetByTestId("weak-1-target")).ToHaveValueAsync("0.8");
        await Assertions.Expect(page.GetByTestId("step-3-minutes")).ToHaveValueAsync("40");

        await page.GetByTestId("weak-1-target").FillAsync("0.9");
        await page.GetByTestId("step-3-minutes").FillAsync("45");
        await page.GetByTestId("add-step").ClickAsync();
        await ChooseAsync(page, "step-4-activity", "개념 복습");
        await PickConceptAsync(page, "step-4-concept", "삼각", "삼각함수");
        await page.GetByTestId("step-4-minutes").FillAsync("25");
        await page.GetByTestId("save-intervention").ClickAsync();

        await page.WaitForURLAsync(DetailUrl());
        await Assertions.Expect(page.GetByTestId("weak-area").First).ToContainTextAsync("40% → 90%");
        await Assertions.Expect(page.GetByTestId("step")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("step").Nth(2)).ToContainTextAsync("약 45분");
        await Assertions.Expect(page.GetByTestId("step").Nth(3)).ToContainTextAsync("개념 복습");
        await Assertions.Expect(page.GetByTestId("step").Nth(3)).ToContainTextAsync("삼각함수 · 약 25분");
        await Assertions.Expect(page.GetByTestId("progress-steps")).ToHaveTextAsync("4단계 중 0단계 완료");
        await BrowserSession.ScreenshotAsync(page, "intervention-journey-edited");

        var edited = await ReadAsync(id);
        Assert.Equal(InterventionStatus.Active, edited.Status);
        Assert.Equal([("삼각함수", 0.4, 0.9, 1), ("이차함수", double.Parse(computed, System.Globalization.CultureInfo.InvariantCulture), 0.85, 2)],
            edited.WeakAreas.Select(w => (w.Concept, w.CurrentMastery, w.TargetMastery, w.Priority)));
        Assert.Equal(
            new (int, string, string?, string?, int?, int)[]
            {
                (1, InterventionActivities.ReviewConcept, "이차함수", null, null, 1800),
                (2, InterventionActivities.Assessment, null, null, null, 1200),
                (3, InterventionActivities.Practice, null, "PS_456", 10, 2700),
                (4, InterventionActivities.ReviewConcept, "삼각함수", null, null, 1500),
            },
            edited.LearningPath.Select(s => (s.Step, s.Activity, s.Concept, s.ProblemSetId, s.NumProblems, s.EstimatedDuration)));
        Assert.Equal((0, 4), (edited.Progress.Completed, edited.Progress.Total));
    }

    /// <summary>On the intervention's page, as edited: tick step 1, pause, resume, complete.</summary>
    private async Task RunOnItsPageAsync(IPage page, Guid id)
    {
        var status = page.GetByTestId("status-chip");
        await page.Locator("input[data-testid=step-1-done], [data-testid=step-1-done] input").CheckAsync(new() { Force = true });
        await Assertions.Expect(page.GetByTestId("progress-steps")).ToHaveTextAsync("4단계 중 1단계 완료");
        await Assertions.Expect(page.Locator("[data-testid=step][data-step='1']")).ToHaveAttributeAsync("data-done", "true");
        var ticked = await EventuallyAsync(id, i => i.Progress.Completed == 1);
        Assert.NotNull(ticked.LearningPath[0].CompletedAt);
        Assert.Equal([false, false, false], ticked.LearningPath.Skip(1).Select(s => s.CompletedAt is not null));
        Assert.Equal(4, ticked.Progress.Total);

        await page.GetByTestId("pause").ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("일시 중지");
        await Assertions.Expect(page.GetByTestId("resume")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("pause")).ToHaveCountAsync(0);
        await EventuallyAsync(id, i => i.Status == InterventionStatus.Paused);
        await BrowserSession.ScreenshotAsync(page, "intervention-journey-paused");

        await page.GetByTestId("resume").ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("진행 중");
        await Assertions.Expect(page.GetByTestId("pause")).ToBeVisibleAsync();
        await EventuallyAsync(id, i => i.Status == InterventionStatus.Active);

        // Completing with steps still to do asks first, saying how many.
        await page.GetByTestId("complete").ClickAsync();
        var question = page.Locator(".mud-dialog");
        await Assertions.Expect(question).ToContainTextAsync("4단계 중 3단계가 아직 끝나지 않았습니다");
        await question.GetByRole(AriaRole.Button, new() { Name = "완료", Exact = true }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("완료");
        await Assertions.Expect(page.GetByTestId("completed-at")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("lifecycle-buttons").Locator("button")).ToHaveCountAsync(0);
        var completed = await EventuallyAsync(id, i => i.Status == InterventionStatus.Completed);
        Assert.NotNull(completed.CompletedAt);
        Assert.Equal((1, 4), (completed.Progress.Completed, completed.Progress.Total));
        await BrowserSession.ScreenshotAsync(page, "intervention-journey-completed");
    }

    /// <summary>Opens a select and clicks the item with exactly this text.</summary>
    private static async Task ChooseAsync(IPage page, string testId, string item)
    {
        await page.Locator($".mud-input-control.mud-select:has([data-testid={testId}])").ClickAsync();
        await ClickListItemAsync(page, item);
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    /// <summary>Clicks the item of the open list whose text is exactly <paramref name="item"/>.</summary>
    private static Task ClickListItemAsync(IPage page, string item) =>
        page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(item)}$") }).ClickAsync();

    /// <summary>Types the start of a concept and picks it from the list the field offers.</summary>
    private static async Task PickConceptAsync(IPage page, string testId, string typed, string concept)
    {
        await page.GetByTestId(testId).FillAsync(typed);
        await ClickListItemAsync(page, concept);
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId(testId)).ToHaveValueAsync(concept);
    }

    /// <summary>
    /// Types a concept the list does not offer and closes the list with Escape; the list must be gone before the next
    /// step, or a click meant for a button would only close it.
    /// </summary>
    private static async Task TypeConceptAsync(IPage page, string testId, string concept)
    {
        await page.GetByTestId(testId).FillAsync(concept);
        await page.GetByTestId(testId).PressAsync("Escape");
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId(testId)).ToHaveValueAsync(concept);
    }

    /// <summary>The intervention once <paramref name="condition"/> holds (a click's write lands a moment after the click).</summary>
    private async Task<Intervention> EventuallyAsync(Guid id, Func<Intervention, bool> condition)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var intervention = await ReadAsync(id);
            if (condition(intervention) || DateTime.UtcNow > until)
            {
                Assert.True(condition(intervention), $"intervention {id}: {intervention.Status}, {intervention.Progress.Completed}/{intervention.Progress.Total}");
                return intervention;
            }
            await Task.Delay(100);
        }
    }

    private async Task<Intervention> ReadAsync(Guid id)
    {
        await using var db = database.CreateDbContext();
        return await db.Interventions.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    /// <summary>A student with graded results on 이차함수 in the last days, so the form has a concept to offer and a mastery to fill in.</summary>
    private async Task<Guid> StudentWithResultsAsync()
    {
        await using var db = database.CreateDbContext();
        var student = new Student { Name = "박지호", SchoolId = "SCH001", Grade = 10 };
        db.Students.Add(student);
        await db.SaveChangesAsync();
        var results = new[] { "correct", "incorrect", "incorrect", "correct", "partial", "incorrect" };
        for (var i = 0; i < results.Length; i++)
        {
            db.LearningHistory.Add(new LearningEvent
            {
                StudentId = student.Id, EventType = EventType.Test, SourceNode = 2, OccurredAt = DateTimeOffset.UtcNow.AddHours(-2 - i),
                Content = new EventContent { Action = "solved_problem", Concept = "이차함수", Result = results[i], Difficulty = 0.5 },
            });
        }
        await db.SaveChangesAsync();
        return student.Id;
    }

    [GeneratedRegex(@"/interventions/([0-9a-f-]{36})$")]
    private static partial Regex DetailUrl();
}
