using Microsoft.Playwright;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Ingest;

namespace StudentHub.Tests.Activity;

/// <summary>
/// The whole chain in a real browser: a node posts events through the ingest API, and the teacher's open activity page
/// shows the one of their school, marked new, without a reload; the other school's never.
/// </summary>
public class ActivityBrowserTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private BrowserSession _browser = default!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync(database);

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task Teacher_SeesAnEventPostedByANode_ArriveWhileThePageIsOpen()
    {
        Guid mine, other;
        await using (var db = database.CreateDbContext())
        {
            var student = new Student { Name = "한가람", SchoolId = "BRW_A", Grade = 4 };
            var stranger = new Student { Name = "이다른", SchoolId = "BRW_B", Grade = 4 };
            db.Students.AddRange(student, stranger);
            db.LearningHistory.Add(new LearningEvent
            {
                Student = student, SourceNode = 1, EventType = EventType.Study, OccurredAt = DateTimeOffset.UtcNow.AddHours(-2),
                Content = new EventContent { Concept = "분수의 덧셈", Result = "incorrect", ProblemId = "PROB_1", TimeSpent = 240, HintsUsed = 2 },
            });
            await db.SaveChangesAsync();
            (mine, other) = (student.Id, stranger.Id);
        }
        var email = await TestAccounts.CreateAsync(_browser.Factory, Roles.Teacher, "BRW_A");
        var page = await _browser.NewPageAsync();
        await _browser.SignInAsync(page, email);
        await BrowserSession.WaitForInteractivityAsync(page);
        await page.GotoAsync("/activity");
        await BrowserSession.WaitForInteractivityAsync(page);
        var items = page.GetByTestId("activity-item");
        await Assertions.Expect(items).ToHaveCountAsync(1);

        var key = await IngestTestKit.CreateKeyAsync(_browser.Factory, node: 3);
        using var node = _browser.Factory.CreateClient();
        var posted = await IngestTestKit.PostAsync(node, key, IngestTestKit.Batch(
            IngestTestKit.Event(other, occurredAt: DateTimeOffset.UtcNow.AddMinutes(-1)),
            IngestTestKit.Event(mine, eventType: "test", occurredAt: DateTimeOffset.UtcNow.AddMinutes(-2))));
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());

        await Assertions.Expect(items).ToHaveCountAsync(2);
        await Assertions.Expect(items.First).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("activity-new"));
        await Assertions.Expect(items.First.GetByTestId("event-node")).ToHaveTextAsync("노드 3");
        await Assertions.Expect(page.GetByTestId("new-count")).ToHaveTextAsync("새 이벤트 1건");
        await Assertions.Expect(page.GetByTestId("event-student")).ToHaveTextAsync(["한가람", "한가람"]);
        // Past the arrival's slide-in, so the picture shows where it settles.
        await page.WaitForTimeoutAsync(500);
        await BrowserSession.ScreenshotAsync(page, "activity-live");
    }
}
