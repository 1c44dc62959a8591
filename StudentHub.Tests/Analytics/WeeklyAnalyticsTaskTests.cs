using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Analytics;
using StudentHub.Web.Demo;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.Analytics;

/// <summary>
/// The <c>weekly_analytics</c> task over real rows: weeks of the task's zone, the student page's accuracy convention,
/// upserts in place, a subset of metrics, one school, a config it refuses. Each test uses schools of its own.
/// </summary>
public sealed class WeeklyAnalyticsTaskTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    /// <summary>Monday 16 March 2026, 10:00 in Seoul: the week of 9 March has just finished.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 16, 1, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);

    [Fact]
    public async Task FirstRun_ComputesTheLookBack_PerSchoolGradeAndSeoulWeek_ThenARerunUpdatesInPlace()
    {
        var a1 = await StudentAsync("MAIN_A", 5);
        var a2 = await StudentAsync("MAIN_A", 5);
        var a3 = await StudentAsync("MAIN_A", 6);
        var b1 = await StudentAsync("MAIN_B", 5);
        // Graduated on Wednesday 4 March: enrolled that week, not the next.
        var graduate = await StudentAsync("MAIN_A", 5, graduatedAt: new DateOnly(2026, 3, 4));
        var anonymized = await StudentAsync("MAIN_A", 5, graduatedAt: new DateOnly(2019, 2, 15));
        await Sql.ExecuteAsync(database.ConnectionString, $"UPDATE students SET name = 'ANONYMIZED_' || id WHERE id = '{anonymized}'");

        // Sunday 23:30 in Seoul is Sunday 14:30 UTC: the week of 2 March. Monday 00:30 in Seoul is still Sunday in UTC,
        // yet the week of 9 March.
        await EventAsync(a1, At(2026, 3, 8, 23, 30), "test", """{"result": "correct", "score": 80, "time_spent": 600}""");
        await EventAsync(a1, At(2026, 3, 9, 0, 30), "study", """{"result": "partial", "time_spent": 300}""");
        await EventAsync(a2, At(2026, 3, 10, 10, 0), "assessment", """{"result": "incorrect", "score": 50, "time_spent": 120}""");
        await EventAsync(a2, At(2026, 3, 11, 10, 0), "study", """{"result": "partial", "time_spent": 60}""");
        await EventAsync(a3, At(2026, 3, 12, 10, 0), "review", """{"time_spent": 30}""");
        await EventAsync(b1, At(2026, 3, 10, 9, 0), "test", """{"result": "correct", "score": 90, "time_spent": 200}""");
        await EventAsync(anonymized, At(2026, 3, 10, 9, 0), "study", """{"result": "correct", "time_spent": 999}""");
        // The week in progress is never written.
        await EventAsync(a1, At(2026, 3, 16, 9, 0), "study", """{"result": "correct", "time_spent": 10}""");
        var task = await TaskAsync(new TaskConfig { TimeZone = "Asia/Seoul" });

        var (firstRun, output) = await RunAsync(task);

        Assert.Equal(12, output["weeks"].GetInt32());
        // Every school's rows (the other tests' schools share this database).
        Assert.Equal(await RowsOfRunAsync(firstRun), output["rows"].GetInt32());
        Assert.Equal("2025-12-22", output["from"].GetString());
        Assert.Equal("2026-03-15", output["to"].GetString());
        // Three groups (MAIN_A 5, MAIN_A 6, MAIN_B 5) in each of the twelve finished weeks, with or without events.
        var rows = await RowsAsync("MAIN_A", "MAIN_B");
        Assert.Equal(36, rows.Count);
        Assert.All(rows, r => Assert.Equal(firstRun, r.TaskRunId));
        Assert.All(rows, r => Assert.Equal(Now, r.ComputedAt));
        Assert.DoesNotContain(rows, r => r.WeekStart == new DateOnly(2026, 3, 16));

        var week2 = new DateOnly(2026, 3, 2);
        var week9 = new DateOnly(2026, 3, 9);
        Assert.Equal((3, 1, 1, 600L, 1, 1, 0, 80.0), Figures(rows.Single(r => r.SchoolId == "MAIN_A" && r.Grade == 5 && r.WeekStart == week2)));
        // Partial, incorrect, partial: one correct attempt's worth, as the student page counts it.
        var partials = rows.Single(r => r.SchoolId == "MAIN_A" && r.Grade == 5 && r.WeekStart == week9);
        Assert.Equal((2, 2, 3, 480L, 3, 0, 2, 50.0), Figures(partials));
        Assert.Equal(1.0, partials.Credit());
        Assert.Equal((1, 1, 1, 30L, 0, 0, 0, (double?)null), Figures(rows.Single(r => r.SchoolId == "MAIN_A" && r.Grade == 6 && r.WeekStart == week9)));
        Assert.Equal((1, 1, 1, 200L, 1, 1, 0, 90.0), Figures(rows.Single(r => r.SchoolId == "MAIN_B" && r.Grade == 5 && r.WeekStart == week9)));
        Assert.Equal((3, 0, 0, 0L, 0, 0, 0, (double?)null), Figures(rows.Single(r => r.SchoolId == "MAIN_A" && r.Grade == 5 && r.WeekStart == new DateOnly(2025, 12, 22))));

        // A late event of last week, then the next run (an hour later): only last week again, in place.
        await EventAsync(b1, At(2026, 3, 15, 20, 0), "test", """{"result": "incorrect", "score": 40, "time_spent": 100}""");
        var (secondRun, again) = await RunAsync(task, Now.AddHours(1));

        Assert.Equal(1, again["weeks"].GetInt32());
        Assert.Equal(await RowsOfRunAsync(secondRun), again["rows"].GetInt32());
        Assert.Equal("2026-03-09", again["from"].GetString());
        rows = await RowsAsync("MAIN_A", "MAIN_B");
        Assert.Equal(36, rows.Count);
        Assert.Equal((1, 1, 2, 300L, 2, 1, 0, 65.0), Figures(rows.Single(r => r.SchoolId == "MAIN_B" && r.WeekStart == week9)));
        Assert.All(rows.Where(r => r.WeekStart == week9), r => Assert.Equal(secondRun, r.TaskRunId));
        Assert.All(rows.Where(r => r.WeekStart < week9), r => Assert.Equal(firstRun, r.TaskRunId));
    }

    [Fact]
    public async Task MetricsNotChosen_KeepTheirValues_AndAScopedRunWritesOnlyItsSchool()
    {
        var student = await StudentAsync("METRIC_A", 3);
        var other = await StudentAsync("METRIC_B", 3);
        await EventAsync(student, At(2026, 3, 10, 9, 0), "test", """{"result": "correct", "score": 70, "time_spent": 90}""");
        await EventAsync(other, At(2026, 3, 10, 9, 0), "test", """{"result": "correct", "score": 70, "time_spent": 90}""");
        var performance = await TaskAsync(new TaskConfig { TimeZone = "Asia/Seoul", Scope = "METRIC_A", Metrics = ["performance"] });
        var engagement = await TaskAsync(new TaskConfig { TimeZone = "Asia/Seoul", Scope = "METRIC_A", Metrics = ["engagement"] });
        var week9 = new DateOnly(2026, 3, 9);

        await RunAsync(performance);

        Assert.Empty(await RowsAsync("METRIC_B"));
        var row = (await RowsAsync("METRIC_A")).Single(r => r.WeekStart == week9);
        Assert.Equal((0, 0, 0, 0L, 1, 1, 0, 70.0), Figures(row));

        await Sql.ExecuteAsync(database.ConnectionString, "UPDATE weekly_analytics SET attempts = 5, correct_attempts = 4 WHERE school_id = 'METRIC_A'");
        await RunAsync(engagement);

        row = (await RowsAsync("METRIC_A")).Single(r => r.WeekStart == week9);
        Assert.Equal((1, 1, 1, 90L, 5, 4, 0, 70.0), Figures(row));
        Assert.Empty(await RowsAsync("METRIC_B"));
    }

    [Fact]
    public async Task AnUnknownMetric_FailsTheRunClearly_AndWritesNothing()
    {
        await StudentAsync("BAD_A", 4);
        var config = new TaskConfig { Scope = "BAD_A", Metrics = ["engagement", "engagment"] };
        var task = await TaskAsync(config);

        var error = await Assert.ThrowsAsync<InvalidAnalyticsConfigException>(() => RunAsync(task));

        Assert.Equal("Unknown metric(s) 'engagment' in config.metrics: use \"engagement\" and/or \"performance\".", error.Message);
        Assert.Equal(error.Message, WeeklyAnalyticsSettings.Problem(config, "Asia/Seoul"));
        Assert.Null(WeeklyAnalyticsSettings.Problem(new TaskConfig { Scope = "all_schools", Metrics = ["engagement", "performance"] }, "Asia/Seoul"));
        Assert.NotNull(WeeklyAnalyticsSettings.Problem(new TaskConfig { Other = new() { ["lookback_weeks"] = JsonSerializer.SerializeToElement(0) } }, null));
        Assert.NotNull(WeeklyAnalyticsSettings.Problem(new TaskConfig { TimeZone = "Mars/Olympus" }, null));
        Assert.Empty(await RowsAsync("BAD_A"));
    }

    [Fact]
    public async Task TheDemosTask_RunsOverTheDemoData()
    {
        var demo = new DatabaseFixture();
        await demo.InitializeAsync();
        try
        {
            await using (var dataSource = NpgsqlDataSource.Create(demo.ConnectionString))
                await new DemoDataSeeder(dataSource, NullLogger<DemoDataSeeder>.Instance).SeedAsync(new DemoDataOptions(Students: 30, EventsPerStudent: 60, RandomSeed: 3));
            await using var db = demo.CreateDbContext();
            var task = await db.ScheduledTasks.AsNoTracking().SingleAsync(t => t.TaskType == WeeklyAnalyticsTask.TaskType);

            var (_, output) = await RunAsync(demo, task, DateTimeOffset.UtcNow);

            Assert.Equal(12, output["weeks"].GetInt32());
            var rows = await db.WeeklyAnalytics.AsNoTracking().ToListAsync();
            Assert.Equal(output["rows"].GetInt32(), rows.Count);
            Assert.Contains(rows, r => r.ActiveStudents > 0 && r.Attempts > 0 && r.AverageScore is > 0 and <= 100);
        }
        finally
        {
            await demo.DisposeAsync();
        }
    }

    private static (int, int, int, long, int, int, int, double?) Figures(WeeklyAnalytics r) =>
        (r.EnrolledStudents, r.ActiveStudents, r.Events, r.TimeSpentSeconds, r.Attempts, r.CorrectAttempts, r.PartialAttempts, r.AverageScore);

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, Seoul).ToUniversalTime();

    private Task<(Guid RunId, Dictionary<string, JsonElement> Output)> RunAsync(ScheduledTask task, DateTimeOffset? now = null) =>
        RunAsync(database, task, now ?? Now);

    /// <summary>Runs the handler as the dispatcher would: a running task_runs row first, marked succeeded after.</summary>
    private static async Task<(Guid RunId, Dictionary<string, JsonElement> Output)> RunAsync(DatabaseFixture database, ScheduledTask task, DateTimeOffset now)
    {
        var run = new TaskRun { Id = Guid.NewGuid(), TaskId = task.Id, ScheduledFor = now, StartedAt = now, Outcome = TaskRunOutcome.Running, Attempt = 1, Instance = "test" };
        await using (var db = database.CreateDbContext())
        {
            db.TaskRuns.Add(run);
            await db.SaveChangesAsync();
        }
        var handler = new WeeklyAnalyticsTask(database.ContextFactory(), Options.Create(new SchedulerOptions { DefaultTimeZone = "Asia/Seoul" }), new StoppedClock(now));
        var output = await handler.RunAsync(new TaskRunContext(task, run.Id, now, 1), CancellationToken.None);
        await using (var db = database.CreateDbContext())
            await db.TaskRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Outcome, TaskRunOutcome.Succeeded).SetProperty(r => r.FinishedAt, now));
        return (run.Id, output!);
    }

    private async Task<ScheduledTask> TaskAsync(TaskConfig config)
    {
        await using var db = database.CreateDbContext();
        var task = new ScheduledTask
        {
            TaskType = WeeklyAnalyticsTask.TaskType, ScheduleType = ScheduleType.Cron, CronExpression = "0 10 * * 1", Config = config,
            Status = ScheduledTaskStatus.Active,
        };
        db.ScheduledTasks.Add(task);
        await db.SaveChangesAsync();
        return task;
    }

    private async Task<Guid> StudentAsync(string school, int grade, DateOnly? graduatedAt = null)
    {
        await using var db = database.CreateDbContext();
        var student = new Student { Name = "학생 " + Guid.NewGuid().ToString("N")[..6], SchoolId = school, Grade = grade, GraduatedAt = graduatedAt };
        db.Students.Add(student);
        await db.SaveChangesAsync();
        return student.Id;
    }

    private Task EventAsync(Guid student, DateTimeOffset at, string type, string content) =>
        Sql.ExecuteAsync(database.ConnectionString, $"""
            SELECT create_learning_history_partition('{at.UtcDateTime:yyyy-MM-dd}');
            INSERT INTO learning_history (student_id, event_type, source_node, content, occurred_at)
            VALUES ('{student}', '{type}', 1, '{content}', '{at.UtcDateTime:yyyy-MM-dd HH:mm:ss}+00')
            """);

    private async Task<int> RowsOfRunAsync(Guid runId)
    {
        await using var db = database.CreateDbContext();
        return await db.WeeklyAnalytics.CountAsync(r => r.TaskRunId == runId);
    }

    private async Task<List<WeeklyAnalytics>> RowsAsync(params string[] schools)
    {
        await using var db = database.CreateDbContext();
        return await db.WeeklyAnalytics.AsNoTracking().Where(r => schools.Contains(r.SchoolId)).ToListAsync();
    }
}
