using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Interventions;

namespace StudentHub.Tests.Browser;

/// <summary>
/// Staff steer a task in a real browser, on an app whose scheduler is on with a 1-second beat: from the dashboard to
/// the built-in auto_interventions task; pause it (with a reason), see it paused, resume it, run it now, read the run,
/// and give it a new schedule, previewed as typed.
/// </summary>
public class SchedulerJourneyTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private BrowserSession _browser = default!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync(database, new Dictionary<string, string?>
    {
        ["Scheduler:Enabled"] = "true",
        ["Scheduler:BeatSeconds"] = "1",
    });

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task Staff_PauseATask_SeeItPaused_ResumeIt_RunItNow_AndReadTheRun()
    {
        Guid id;
        await using (var db = database.CreateDbContext())
            id = (await db.ScheduledTasks.SingleAsync(t => t.TaskType == AutoInterventions.TaskType && t.StudentId == null)).Id;
        var page = await _browser.NewPageAsync();
        await _browser.RunJourneyAsync(page, "scheduler-journey", async () =>
        {
            await _browser.SignInAsync(page, await TestAccounts.CreateAsync(_browser.Factory, Roles.Staff));
            await BrowserSession.WaitForInteractivityAsync(page);

            await page.GotoAsync("/scheduler?q=auto_interventions");
            await BrowserSession.WaitForInteractivityAsync(page);
            await Assertions.Expect(page.GetByTestId("task-link")).ToHaveCountAsync(1);
            await Assertions.Expect(page.GetByTestId("task-schedule")).ToContainTextAsync("매일 03:00");
            await BrowserSession.ScreenshotAsync(page, "scheduler-journey-dashboard");
            await page.GetByTestId("task-link").ClickAsync();
            await page.WaitForURLAsync($"**/scheduler/{id}");
            await BrowserSession.WaitForInteractivityAsync(page);

            var status = page.Locator("[data-testid=task-actions]").Locator("..").GetByTestId("task-status").First;
            await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "active");
            await page.GetByTestId("pause").ClickAsync();
            await page.Locator("input[data-testid=pause-reason], [data-testid=pause-reason] input").FillAsync("점검");
            await page.GetByTestId("confirm-pause").ClickAsync();
            await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "paused");
            await Assertions.Expect(page.GetByTestId("paused-reason")).ToContainTextAsync("점검");
            await Assertions.Expect(page.GetByTestId("run-now")).ToHaveCountAsync(0);
            Assert.Equal(ScheduledTaskStatus.Paused, (await ReadAsync(id)).Status);
            await BrowserSession.ScreenshotAsync(page, "scheduler-journey-paused");

            await page.GetByTestId("resume").ClickAsync();
            await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "active");
            await page.GetByTestId("run-now").ClickAsync();

            // The next beat (a second at most) claims it; the run shows after a refresh.
            var until = DateTime.UtcNow + Patience;
            while (await page.Locator("[data-testid=run-outcome][data-outcome=succeeded]").CountAsync() == 0)
            {
                Assert.True(DateTime.UtcNow < until, "The run did not show as succeeded in time.");
                await Task.Delay(500);
                await page.GetByTestId("refresh").ClickAsync();
            }
            await Assertions.Expect(page.GetByTestId("run")).ToHaveCountAsync(1);
            await BrowserSession.ScreenshotAsync(page, "scheduler-journey-run");
            var task = await ReadAsync(id);
            Assert.Equal(ScheduledTaskStatus.Active, task.Status);
            Assert.NotNull(task.LastRunAt);
            await using var check = database.CreateDbContext();
            Assert.Equal(TaskRunOutcome.Succeeded, (await check.TaskRuns.SingleAsync(r => r.TaskId == id)).Outcome);
            // Pause, resume and run now, each in the audit trail under the staff member's name.
            Assert.Equal(3, await check.AuditLogs.CountAsync(a => a.EntityKey == id.ToString() && a.Action == "update" && a.UserId != null));

            await page.GetByTestId("edit-schedule").ClickAsync();
            await page.Locator("input[data-testid=schedule-cron], [data-testid=schedule-cron] input").FillAsync("15 4 * * *");
            await Assertions.Expect(page.GetByTestId("preview-run").First).ToContainTextAsync("04:15");
            await Assertions.Expect(page.GetByTestId("preview-run")).ToHaveCountAsync(5);
            await page.GetByTestId("save-schedule").ClickAsync();
            await Assertions.Expect(page.GetByTestId("schedule-written")).ToHaveTextAsync("15 4 * * *");
            Assert.Equal("15 4 * * *", (await ReadAsync(id)).CronExpression);
        });
    }

    private async Task<ScheduledTask> ReadAsync(Guid id)
    {
        await using var db = database.CreateDbContext();
        return await db.ScheduledTasks.AsNoTracking().SingleAsync(t => t.Id == id);
    }
}
