using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Interventions;
using StudentHub.Tests.Shell;
using StudentHub.Web.Scheduler;
using static StudentHub.Tests.Scheduler.SchedulerTestKit;

namespace StudentHub.Tests.Scheduler;

/// <summary>The dashboard and a task's page in bunit over a real database: what staff see, and pausing, resuming and running from them.</summary>
public sealed class SchedulerPagesTests : InterventionComponentTest, IClassFixture<DatabaseFixture>
{
    public SchedulerPagesTests(DatabaseFixture database) : base(database)
    {
        Services.AddSingleton(Options.Create(new SchedulerOptions()));
        Services.AddScoped<ScheduledTaskDirectory>();
        Services.AddScoped<SchedulerCommands>();
        Services.AddScoped<ScheduleWords>();
        Services.AddSingleton<TimeProvider>(new StoppedClock(Now));
    }

    [Fact]
    public async Task Dashboard_ShowsEachTask_InWordsAndAsWritten_WithCountdownAndStudentLink_AndPausesTheSelectedOnesWithAReason()
    {
        var student = await AddStudentAsync(Database, "대시보드 학생");
        var mine = await AddTaskAsync(Database, "dash_report", ScheduleType.Cron, Now.AddMinutes(192), new TaskConfig { TimeZone = "Asia/Seoul" }, "0 15 * * *", studentId: student);
        var other = await AddTaskAsync(Database, "dash_report", ScheduleType.Interval, Now.AddMinutes(193), new TaskConfig { IntervalSeconds = 900 });
        SignIn("staff-page", "staff@school.kr", Roles.Staff);

        var page = RenderWithDialogs<SchedulerPage>("http://localhost/scheduler?type=dash_report");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=task-link]").Count), Patience);
        var schedules = page.FindAll("[data-testid=task-schedule]").Select(e => e.TextContent).ToList();
        Assert.Contains("Daily at 15:00", schedules[0]);
        Assert.Contains("0 15 * * *", schedules[0]);
        Assert.Contains("Asia/Seoul", schedules[0]);
        Assert.Contains("Every 15 minutes", schedules[1]);
        Assert.Equal("in 3 h 12 min", page.FindAll("[data-testid=task-countdown]")[0].TextContent.Trim());
        Assert.Equal($"/students/{student}", page.Find("[data-testid=task-student]").GetAttribute("href"));
        Assert.Equal($"/scheduler/{mine}", page.FindAll("[data-testid=task-link]")[0].GetAttribute("href"));

        foreach (var index in new[] { 0, 1 })
            Interact(page, () => page.FindAll(".mud-table-body input[type=checkbox]")[index].Change(true));
        page.WaitForAssertion(() => Assert.False(page.Find("button[data-testid=pause-selected]").HasAttribute("disabled")), Patience);
        Interact(page, () => page.Find("button[data-testid=pause-selected]").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=pause-dialog]"), Patience);
        Interact(page, () => page.Find("input[data-testid=pause-reason], [data-testid=pause-reason] input").Change("시험 기간"));
        Interact(page, () => page.Find("button[data-testid=confirm-pause]").Click());

        page.WaitForAssertion(() => Assert.Equal(["paused", "paused"], page.FindAll("[data-testid=task-status]").Select(c => c.GetAttribute("data-status"))), Patience);
        foreach (var id in new[] { mine, other })
            Assert.Equal((ScheduledTaskStatus.Paused, "시험 기간"), ((await ReadAsync(Database, id)).Status, (await ReadAsync(Database, id)).Config.PausedReason));
    }

    [Fact]
    public async Task Dashboard_EnablesPauseForActiveTasks_AndResumeForPausedOnes_AndSaysRunningOrDueNowRatherThanOverdue()
    {
        var running = await AddTaskAsync(Database, "dash_buttons", ScheduleType.Interval, Now.AddMinutes(-30), new TaskConfig { IntervalSeconds = 3600 });
        var due = await AddTaskAsync(Database, "dash_buttons", ScheduleType.Interval, Now.AddSeconds(-2), new TaskConfig { IntervalSeconds = 600 });
        var paused = await AddTaskAsync(Database, "dash_buttons", ScheduleType.Interval, Now.AddHours(1), new TaskConfig { IntervalSeconds = 600 }, status: ScheduledTaskStatus.Paused);
        await using (var db = Database.CreateDbContext())
        {
            (await db.ScheduledTasks.FindAsync(running))!.CeleryTaskId = "claimed-by-a";
            await db.SaveChangesAsync();
        }
        SignIn("staff-page", "staff@school.kr", Roles.Staff);

        var page = RenderWithDialogs<SchedulerPage>("http://localhost/scheduler?type=dash_buttons");

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=task-link]").Count), Patience);
        Assert.Equal(["running now", "due now"], page.FindAll("[data-testid=task-countdown]").Select(c => c.TextContent.Trim()));
        var pause = () => page.Find("button[data-testid=pause-selected]");
        var resume = () => page.Find("button[data-testid=resume-selected]");
        Assert.True(pause().HasAttribute("disabled") && resume().HasAttribute("disabled"));

        // Only an active task selected: resuming it would change nothing.
        Interact(page, () => page.FindAll(".mud-table-body input[type=checkbox]")[1].Change(true));
        page.WaitForAssertion(() => Assert.False(pause().HasAttribute("disabled")), Patience);
        Assert.True(resume().HasAttribute("disabled"));
        Assert.Equal("Pause (1)", pause().TextContent.Trim());

        Interact(page, () => page.FindAll(".mud-table-body input[type=checkbox]")[2].Change(true));
        page.WaitForAssertion(() => Assert.False(resume().HasAttribute("disabled")), Patience);
        Assert.Equal(("Pause (1)", "Resume (1)"), (pause().TextContent.Trim(), resume().TextContent.Trim()));
        Interact(page, () => resume().Click());

        page.WaitForAssertion(() => Assert.Equal(["active", "active", "active"], page.FindAll("[data-testid=task-status]").Select(c => c.GetAttribute("data-status"))), Patience);
        Assert.Equal(ScheduledTaskStatus.Active, (await ReadAsync(Database, paused)).Status);
        Assert.Equal(Now.AddSeconds(-2), (await ReadAsync(Database, due)).NextRunAt);
    }

    [Fact]
    public async Task TaskPage_ResumesAPausedTask_RunsItNow_AndShowsItsRunsWithTheReportLink()
    {
        var id = await AddTaskAsync(Database, "page_task", ScheduleType.Interval, Now.AddHours(-5), new TaskConfig { IntervalSeconds = 3600 }, status: ScheduledTaskStatus.Paused);
        await using (var db = Database.CreateDbContext())
        {
            db.TaskRuns.Add(new TaskRun
            {
                Id = Guid.NewGuid(), TaskId = id, ScheduledFor = Now.AddHours(-6), StartedAt = Now.AddHours(-6), FinishedAt = Now.AddHours(-6).AddSeconds(75),
                Outcome = TaskRunOutcome.Succeeded, Attempt = 1, Instance = "a",
                Output = new()
                {
                    ["report_url"] = JsonSerializer.SerializeToElement("/reports/42"), ["students_skipped"] = JsonSerializer.SerializeToElement(1234),
                    ["file"] = JsonSerializer.SerializeToElement("/var/lib/studenthub/backups/studenthub_20260320T030000Z.dump"),
                    ["deleted"] = JsonSerializer.SerializeToElement(Array.Empty<string>()), ["months"] = JsonSerializer.SerializeToElement(new[] { "2026_04", "2026_05" }),
                },
            });
            await db.SaveChangesAsync();
        }
        SignIn("staff-page", "staff@school.kr", Roles.Staff);

        var page = RenderWithDialogs<ScheduledTaskPage>($"http://localhost/scheduler/{id}", ("Id", id));

        page.WaitForElement("button[data-testid=resume]", Patience);
        Assert.Empty(page.FindAll("[data-testid=run-now]"));
        Assert.Equal("/reports/42", page.Find("[data-testid=run-link]").GetAttribute("href"));
        Assert.Equal("succeeded", page.Find("[data-testid=run-outcome]").GetAttribute("data-outcome"));
        Assert.Contains("1 min 15 s", page.Find("[data-testid=run]").TextContent);
        var lines = page.FindAll("[data-testid=run-output-key]").Zip(page.FindAll("[data-testid=run-output-value]")).ToDictionary(p => p.First.TextContent, p => p.Second);
        Assert.Equal(new Dictionary<string, string>
        {
            ["report url"] = "/reports/42", ["students skipped"] = "1,234", ["file"] = "/var/lib/studenthub/backups/studenthub_20260320T030000Z.dump",
            ["deleted"] = "none", ["months"] = "2026_04, 2026_05",
        }, lines.ToDictionary(l => l.Key, l => l.Value.TextContent.Trim()));
        // A path may break after each "/", not inside a name.
        Assert.Equal(5, lines["file"].QuerySelectorAll("wbr").Length);
        Assert.Contains("\"students_skipped\":1234", page.Find("[data-testid=run-output-raw]").TextContent);

        Interact(page, () => page.Find("button[data-testid=resume]").Click());
        page.WaitForElement("button[data-testid=run-now]", Patience);
        Assert.Equal(Now.AddHours(1), (await ReadAsync(Database, id)).NextRunAt);

        Interact(page, () => page.Find("button[data-testid=run-now]").Click());
        // Polled with awaits, not inside WaitForAssertion: blocking on a database read there ties up the renderer's thread.
        for (var waited = TimeSpan.Zero; (await ReadAsync(Database, id)).NextRunAt != Now && waited < Patience; waited += TimeSpan.FromMilliseconds(100))
            await Task.Delay(100);
        Assert.Equal(Now, (await ReadAsync(Database, id)).NextRunAt);
    }
}
