using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Interventions;
using StudentHub.Tests.Shell;
using StudentHub.Web.Scheduler;
using static StudentHub.Tests.Scheduler.SchedulerTestKit;

namespace StudentHub.Tests.Scheduler;

/// <summary>
/// The schedule editor, the new-task dialog, the dry runs and the backup list in bunit over a real database: problems
/// beside their fields, the preview in the reader's zone, and dry runs that change nothing.
/// </summary>
public sealed class ScheduleDialogPagesTests : InterventionComponentTest, IClassFixture<DatabaseFixture>
{
    // Made and deleted by the test that uses it.
    private readonly string _backups = Path.Combine(Path.GetTempPath(), "studenthub-backups-" + Guid.NewGuid().ToString("N"));

    public ScheduleDialogPagesTests(DatabaseFixture database) : base(database)
    {
        Services.AddSingleton(Options.Create(new SchedulerOptions()));
        Services.AddScoped<ScheduledTaskDirectory>();
        Services.AddScoped<SchedulerCommands>();
        Services.AddScoped<ScheduleWords>();
        Services.AddSingleton<TimeProvider>(new StoppedClock(Now));
        Services.AddSingleton(new TaskTypeRegistration("dialog_count"));
        Services.AddSingleton(new TaskTypeRegistration("daily_report"));
        Services.AddScoped<PartitionMaintenance>();
        Services.AddScoped<Retention>();
        Services.AddSingleton(Options.Create(new BackupOptions { Folder = _backups }));
        Services.AddSingleton<BackupCatalog>();
    }

    [Fact]
    public async Task EditSchedule_ShowsTheProblemBesideTheField_ThenFiveRunsInTheReadersAndTheTasksZone_AndSaves()
    {
        var id = await AddTaskAsync(Database, "edit_dialog", ScheduleType.Cron, Now.AddHours(6), new TaskConfig { TimeZone = "America/New_York" }, "0 9 * * *");
        SignIn("staff-page", "staff@school.kr", Roles.Staff);
        var page = RenderWithDialogs<ScheduledTaskPage>($"http://localhost/scheduler/{id}", ("Id", id));

        Interact(page, () => page.Find("button[data-testid=edit-schedule]").Click());
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=preview-run]").Count), Patience);
        Interact(page, () => CronInput(page).Input("0 9 * *"));

        page.WaitForAssertion(() => Assert.Contains("'0 9 * *' has 4 fields",
            page.Find("[data-testid=schedule-cron]").Closest(".mud-input-control")!.TextContent), Patience);
        Assert.Empty(page.FindAll("[data-testid=preview-run]"));
        Assert.Single(page.FindAll("[data-testid=preview-none]"));

        Interact(page, () => CronInput(page).Input("30 7 * * 1-5"));
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=preview-run]").Count), Patience);
        var runs = page.FindAll("[data-testid=preview-run]").Select(r => r.TextContent.Trim()).ToList();
        // Now is Thursday 23:00 in New York, Friday 12:00 in Seoul (the reader's zone here).
        Assert.StartsWith("Fri 2026-03-20 20:30", runs[0]);
        Assert.Contains("(Fri 2026-03-20 07:30 America/New_York)", runs[0]);
        Assert.StartsWith("Mon 2026-03-23 20:30", runs[1]);
        Assert.StartsWith("Thu 2026-03-26 20:30", runs[4]);

        Interact(page, () => page.Find("button[data-testid=save-schedule]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=schedule-dialog]")), Patience);
        var task = await ReadAsync(Database, id);
        Assert.Equal(("30 7 * * 1-5", (DateTimeOffset?)new DateTimeOffset(2026, 3, 20, 11, 30, 0, TimeSpan.Zero)), (task.CronExpression, task.NextRunAt));
        page.WaitForAssertion(() => Assert.Equal("30 7 * * 1-5", page.Find("[data-testid=schedule-written]").TextContent), Patience);
    }

    [Fact]
    public async Task NewTask_AsksForTheType_ThenCreatesAGlobalIntervalTask_AndOpensIt()
    {
        SignIn("staff-page", "staff@school.kr", Roles.Staff);
        var page = RenderWithDialogs<SchedulerPage>("http://localhost/scheduler?type=dialog_count");
        page.WaitForElement("[data-testid=tasks-grid]", Patience);

        Interact(page, () => page.Find("button[data-testid=new-task]").Click());
        page.WaitForElement("[data-testid=schedule-dialog]", Patience);
        Interact(page, () => page.Find("button[data-testid=save-schedule]").Click());
        page.WaitForAssertion(() => Assert.Contains("Choose the task type.", page.Find("[data-testid=schedule-dialog]").TextContent), Patience);

        Choose(page, "new-task-type", "dialog_count");
        Interact(page, () => page.Find("input[data-testid=schedule-type-interval]").Click());
        page.WaitForElement("[data-testid=schedule-interval]", Patience);
        Interact(page, () => page.Find("[data-testid=schedule-interval] input, input[data-testid=schedule-interval]").Input("9000")); // hours: over a year
        page.WaitForAssertion(() => Assert.Contains("The interval must be from 1 minute to 366 days.",
            page.Find("[data-testid=schedule-interval]").Closest(".mud-input-control")!.TextContent), Patience);
        Interact(page, () => page.Find("[data-testid=schedule-interval] input, input[data-testid=schedule-interval]").Input("2"));
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=preview-run]").Count), Patience);

        Interact(page, () => page.Find("button[data-testid=save-schedule]").Click());
        page.WaitForAssertion(() => Assert.Matches("/scheduler/[0-9a-f-]{36}$", Navigation.Uri), Patience);
        await using var db = Database.CreateDbContext();
        var task = await db.ScheduledTasks.AsNoTracking().SingleAsync(t => t.TaskType == "dialog_count");
        Assert.Equal(((Guid?)null, ScheduledTaskStatus.Active, (int?)7200, (DateTimeOffset?)Now.AddHours(2)),
            (task.StudentId, task.Status, task.Config.IntervalSeconds, task.NextRunAt));
        Assert.EndsWith($"/scheduler/{task.Id}", Navigation.Uri);
    }

    [Fact]
    public async Task PartitionDryRun_ListsTheMonthsToMakeAndArchive_AndChangesNothing()
    {
        var id = await AddTaskAsync(Database, PartitionMaintenance.TaskType, ScheduleType.Cron, Now.AddDays(3), new TaskConfig(), "0 4 1 * *");
        await Sql.ExecuteAsync(Database.ConnectionString, "SELECT create_learning_history_partition('2018-05-15')");
        var partitions = await PartitionCountAsync();
        SignIn("staff-page", "staff@school.kr", Roles.Staff);
        var page = RenderWithDialogs<ScheduledTaskPage>($"http://localhost/scheduler/{id}", ("Id", id));

        Interact(page, () => page.Find("button[data-testid=dry-run-button]").Click());

        page.WaitForElement("[data-testid=dry-run-archive-count]", Patience);
        var archived = page.FindAll("[data-testid=dry-run-archive-month]").Select(m => m.TextContent.Trim()).ToList();
        Assert.Contains("2018-05", archived);
        Assert.Equal($"Partitions to archive: {archived.Count}", page.Find("[data-testid=dry-run-archive-count]").TextContent.Trim());
        var made = page.FindAll("[data-testid=dry-run-make-month]").Count;
        Assert.Equal($"Partitions to create: {made}", page.Find("[data-testid=dry-run-make-count]").TextContent.Trim());
        Assert.Equal(partitions, await PartitionCountAsync());
        Assert.Equal(1L, await Sql.ScalarAsync<long>(Database.ConnectionString,
            "SELECT count(*) FROM pg_inherits WHERE inhrelid = to_regclass('public.learning_history_2018_05')"));
    }

    [Fact]
    public async Task RetentionDryRun_GivesTheCounts_AndChangesNothing()
    {
        var id = await AddTaskAsync(Database, Retention.TaskType, ScheduleType.Cron, Now.AddDays(1), new TaskConfig(), "30 3 * * *");
        var graduate = await Sql.ScalarAsync<Guid>(Database.ConnectionString,
            "INSERT INTO students (name, school_id, grade, graduated_at) VALUES ('졸업생 보존', 'SCH001', 12, '2015-02-10') RETURNING id");
        var old = await AddTaskAsync(Database, "old_once", ScheduleType.OneTime, null, status: ScheduledTaskStatus.Completed, lastRun: Now.AddYears(-2));
        var expected = await new Retention(Database.ContextFactory(), new StoppedClock(Now)).PlanAsync();
        Assert.True(expected.StudentsAnonymized >= 1 && expected.CompletedTasksDeleted >= 1);
        SignIn("staff-page", "staff@school.kr", Roles.Staff);
        var page = RenderWithDialogs<ScheduledTaskPage>($"http://localhost/scheduler/{id}", ("Id", id));

        Interact(page, () => page.Find("button[data-testid=dry-run-button]").Click());

        page.WaitForElement("[data-testid=dry-run-students]", Patience);
        Assert.Equal($"Students to anonymize: {expected.StudentsAnonymized}", page.Find("[data-testid=dry-run-students]").TextContent.Trim());
        Assert.Equal($"Completed tasks to delete: {expected.CompletedTasksDeleted}", page.Find("[data-testid=dry-run-tasks]").TextContent.Trim());
        Assert.Equal("졸업생 보존", await Sql.ScalarAsync<string>(Database.ConnectionString, "SELECT name FROM students WHERE id = $1", graduate));
        Assert.Equal(ScheduledTaskStatus.Completed, (await ReadAsync(Database, old)).Status);
    }

    [Fact]
    public async Task BackupTask_ListsTheDumpsNewestFirst_WithSizesTotalAndKeepDays()
    {
        var id = await AddTaskAsync(Database, DatabaseBackup.TaskType, ScheduleType.Cron, Now.AddDays(1), new TaskConfig(), "0 2 * * *");
        Directory.CreateDirectory(_backups);
        try
        {
            Dump("studenthub_20260318T170000Z.dump", 1536, new DateTime(2026, 3, 18, 17, 0, 0, DateTimeKind.Utc));
            Dump("studenthub_20260319T170000Z.dump", 3 * 1024 * 1024, new DateTime(2026, 3, 19, 17, 0, 0, DateTimeKind.Utc));
            Dump("notes.txt", 10, new DateTime(2026, 3, 19, 18, 0, 0, DateTimeKind.Utc));
            SignIn("staff-page", "staff@school.kr", Roles.Staff);

            var page = RenderWithDialogs<ScheduledTaskPage>($"http://localhost/scheduler/{id}", ("Id", id));

            page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=backup]").Count), Patience);
            var rows = page.FindAll("[data-testid=backup]");
            Assert.Contains("studenthub_20260319T170000Z.dump", rows[0].TextContent);
            Assert.Equal("3.0 MB", rows[0].QuerySelector("[data-testid=backup-size]")!.TextContent.Trim());
            Assert.Equal("1.5 KB", rows[1].QuerySelector("[data-testid=backup-size]")!.TextContent.Trim());
            // 17:00 UTC is 02:00 the next day in Seoul.
            Assert.StartsWith("3/20/2026 2:00:00", rows[0].QuerySelector("time")!.TextContent);
            Assert.StartsWith($"2 dumps, 3.0 MB in all, kept 7 days, in {_backups}", page.Find("[data-testid=backups-summary]").TextContent.Trim());
        }
        finally
        {
            Directory.Delete(_backups, recursive: true);
        }
    }

    [Fact]
    public void BackupSummary_CountsOneDumpInTheSingular()
    {
        Directory.CreateDirectory(_backups);
        try
        {
            Dump("studenthub_20260319T170000Z.dump", 2048, new DateTime(2026, 3, 19, 17, 0, 0, DateTimeKind.Utc));

            var list = Render<BackupList>();

            list.WaitForAssertion(() => Assert.StartsWith($"1 dump, 2.0 KB in all, kept 7 days, in {_backups}", list.Find("[data-testid=backups-summary]").TextContent.Trim()), Patience);
        }
        finally
        {
            Directory.Delete(_backups, recursive: true);
        }
    }

    private static AngleSharp.Dom.IElement CronInput(IRenderedComponent<Bunit.Rendering.ContainerFragment> page) =>
        page.Find("input[data-testid=schedule-cron], [data-testid=schedule-cron] input");

    private Task<long> PartitionCountAsync() => Sql.ScalarAsync<long>(Database.ConnectionString,
        "SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.learning_history'::regclass");

    private void Dump(string name, int size, DateTime writtenUtc)
    {
        var path = Path.Combine(_backups, name);
        File.WriteAllBytes(path, new byte[size]);
        File.SetLastWriteTimeUtc(path, writtenUtc);
    }
}
