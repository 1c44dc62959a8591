using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Interventions;

namespace StudentHub.Tests.Interventions;

/// <summary>
/// An intervention in a real browser, in Korean: found on the list by a filter kept in the URL, opened, its last step
/// ticked, completed from the offer, the change in its history. A teacher of another school gets the not-found page.
/// </summary>
public class InterventionJourneyTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string School = "JRN_I";
    private const string OtherSchool = "JRN_J";

    private BrowserSession _browser = default!;
    private Guid _intervention;

    public async Task InitializeAsync()
    {
        _browser = await BrowserSession.StartAsync(database);
        await using var db = database.CreateDbContext();
        if (await db.Interventions.Where(i => i.Student!.SchoolId == School).Select(i => (Guid?)i.Id).FirstOrDefaultAsync() is { } id)
        {
            _intervention = id;
            return;
        }
        var path = InterventionTestKit.Path(2, done: 1);
        var intervention = new Intervention
        {
            Student = new Student { Name = "한여름", SchoolId = School, Grade = 6 },
            Type = InterventionType.TeacherRequested,
            WeakAreas = [new WeakArea { Concept = "비와 비율", CurrentMastery = 0.55, TargetMastery = 0.85, Priority = 1 }],
            LearningPath = path,
            Progress = InterventionRules.ProgressOf(path),
            CreatedAt = DateTimeOffset.UtcNow.AddDays(-3),
        };
        db.Interventions.Add(intervention);
        db.Students.Add(new Student { Name = "한겨울", SchoolId = School, Grade = 6 });
        db.Interventions.Add(new Intervention
        {
            Student = new Student { Name = "다른학교", SchoolId = OtherSchool, Grade = 6 },
            Type = InterventionType.Auto,
            WeakAreas = [new WeakArea { Concept = "도형", CurrentMastery = 0.5, Priority = 1 }],
            CreatedAt = DateTimeOffset.UtcNow.AddDays(-1),
        });
        await db.SaveChangesAsync();
        _intervention = intervention.Id;
    }

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task Admin_FindsTheIntervention_TicksTheLastStep_AndCompletesItFromTheOffer()
    {
        var email = await TestAccounts.CreateAsync(_browser.Factory, Roles.Admin);
        var page = await _browser.NewPageAsync();
        await _browser.SignInAsync(page, email);
        await BrowserSession.WaitForInteractivityAsync(page);

        await page.GotoAsync($"/interventions?school={School}");
        await BrowserSession.WaitForInteractivityAsync(page);
        var links = page.GetByTestId("intervention-link");
        await Assertions.Expect(links).ToHaveTextAsync(["비와 비율"]);
        await Assertions.Expect(page.GetByTestId("intervention-total")).ToHaveTextAsync("학습 처방 1건");
        await Assertions.Expect(page.GetByTestId("row-steps")).ToHaveTextAsync("2단계 중 1단계");
        await BrowserSession.ScreenshotAsync(page, "interventions-list");

        await links.First.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/interventions/{_intervention}$"));
        await BrowserSession.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.GetByTestId("breadcrumbs")).ToContainTextAsync("한여름");
        await Assertions.Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("진행 중");
        await page.Locator("input[data-testid=step-2-done], [data-testid=step-2-done] input").CheckAsync(new() { Force = true });

        await Assertions.Expect(page.GetByTestId("offer-complete")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("progress-steps")).ToHaveTextAsync("2단계 중 2단계 완료");
        await BrowserSession.ScreenshotAsync(page, "intervention-offer-complete");
        await page.GetByTestId("offer-complete").ClickAsync();

        await Assertions.Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("완료");
        await Assertions.Expect(page.GetByTestId("completed-at")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("lifecycle-buttons").Locator("button")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Tab, new() { Name = "변경 이력" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("history-entry")).ToHaveCountAsync(2);
        await BrowserSession.ScreenshotAsync(page, "intervention-completed");

        await using var db = database.CreateDbContext();
        var stored = await db.Interventions.AsNoTracking().SingleAsync(i => i.Id == _intervention);
        Assert.Equal((InterventionStatus.Completed, 2, 2), (stored.Status, stored.Progress.Completed, stored.Progress.Total));
        Assert.NotNull(stored.CompletedAt);
    }

    [Fact]
    public async Task ATeacherOfAnotherSchool_GetsNotFound_ForTheSameLink()
    {
        var email = await TestAccounts.CreateAsync(_browser.Factory, Roles.Teacher, OtherSchool);
        var page = await _browser.NewPageAsync();
        await _browser.SignInAsync(page, email);
        await BrowserSession.WaitForInteractivityAsync(page);

        var response = await page.GotoAsync($"/interventions/{_intervention}");
        await BrowserSession.WaitForInteractivityAsync(page);

        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Assertions.Expect(page.Locator("h4")).ToHaveTextAsync("페이지를 찾을 수 없습니다");
        Assert.Equal(0, await page.GetByTestId("intervention-title").CountAsync());
    }
}
