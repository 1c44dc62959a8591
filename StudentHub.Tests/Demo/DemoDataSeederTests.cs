using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Demo;

namespace StudentHub.Tests.Demo;

public class DemoDataSeederTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly DemoDataOptions Options = new(Students: 240, EventsPerStudent: 200, RandomSeed: 7);

    private static readonly string[] LearningStyles = ["visual", "auditory", "kinesthetic", "reading_writing"];
    private static readonly string[] NotificationMethods = ["email", "sms", "kakao"];
    private static readonly string[] ReportFrequencies = ["daily", "weekly", "monthly"];
    private static readonly string[] Results = ["correct", "incorrect", "partial"];
    private static readonly string[] Activities = ["review_concept", "practice", "assessment"];

    // The class's database is seeded once, by whichever test runs first.
    private static readonly ConditionalWeakTable<DatabaseFixture, Task<DemoSeedSummary>> Seeded = new();

    private Task<DemoSeedSummary> SeedOnceAsync() => Seeded.GetValue(database, async db =>
    {
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        return await new DemoDataSeeder(dataSource, NullLogger<DemoDataSeeder>.Instance).SeedAsync(Options);
    });

    [Fact]
    public async Task Writes_the_counts_it_reports()
    {
        var summary = await SeedOnceAsync();

        Assert.Equal(Options.Students, summary.Students);
        Assert.Equal((long)Options.Students * Options.EventsPerStudent, summary.Events);
        Assert.InRange(summary.Schools, 3, 5);
        Assert.True(summary.Interventions >= 8, $"{summary.Interventions} interventions");
        Assert.Equal(2, summary.ScheduledTasks);

        Assert.Equal(summary.Students, await ScalarAsync<long>("SELECT count(*) FROM students"));
        Assert.Equal(summary.Schools, await ScalarAsync<long>("SELECT count(DISTINCT school_id) FROM students"));
        Assert.Equal(summary.Events, await ScalarAsync<long>("SELECT count(*) FROM learning_history"));
        Assert.Equal(summary.Interventions, await ScalarAsync<long>("SELECT count(*) FROM interventions"));
        Assert.Equal(summary.ScheduledTasks, await ScalarAsync<long>("SELECT count(*) FROM scheduled_tasks"));
    }

    [Fact]
    public async Task Students_have_Korean_names_and_unique_class_seats()
    {
        await SeedOnceAsync();
        await using var db = database.CreateDbContext();
        var students = await db.Students.AsNoTracking().ToListAsync();

        Assert.All(students, s =>
        {
            // Family name then given name, no space: 김철수.
            Assert.Matches(@"^\p{IsHangulSyllables}{2,4}$", s.Name);
            Assert.Matches(@"^SCH\d{3}$", s.SchoolId);
            Assert.InRange(s.Grade, 1, 12);
            Assert.Matches(@"^[1-8]반$", s.ClassName);
            Assert.InRange(int.Parse(s.StudentNumber!), 1, 35);
            Assert.Matches(@"^\d{2}$", s.StudentNumber);
            Assert.Matches(@"^[a-z0-9._]+@[a-z0-9.]+\.[a-z]+$", s.Email);
            Assert.Matches(@"^010-\d{4}-\d{4}$", s.ParentContact);
            Assert.Contains(s.Metadata.LearningStyle, LearningStyles);
            Assert.NotNull(s.Metadata.SpecialNeeds);
            Assert.InRange(s.Metadata.Interests!.Count, 1, 3);
            Assert.Contains(s.Metadata.ParentPreferences!.NotificationMethod, NotificationMethods);
            Assert.Contains(s.Metadata.ParentPreferences.ReportFrequency, ReportFrequencies);
        });
        Assert.Equal(Enumerable.Range(1, 12), students.Select(s => s.Grade).Distinct().Order());
        Assert.Equal(students.Count, students.Select(s => (s.SchoolId, s.Grade, s.ClassName, s.StudentNumber)).Distinct().Count());
        Assert.True(students.Select(s => s.Name).Distinct().Count() > students.Count / 3, "names are varied");
        Assert.True(students.Select(s => s.Name[0]).Distinct().Count() >= 10, "family names are varied");

        var graduates = students.Where(s => s.GraduatedAt is not null).ToList();
        Assert.NotEmpty(graduates);
        Assert.All(graduates, g =>
        {
            Assert.Equal(12, g.Grade);
            Assert.True(g.GraduatedAt < DateOnly.FromDateTime(DateTime.UtcNow));
        });
    }

    [Fact]
    public async Task Events_span_the_past_year_from_all_six_nodes_and_all_five_types()
    {
        await SeedOnceAsync();

        Assert.Equal([1, 2, 3, 4, 5, 6], await ListAsync<int>("SELECT DISTINCT source_node FROM learning_history ORDER BY 1"));
        Assert.Equal(
            ["assessment", "intervention", "review", "study", "test"],
            await ListAsync<string>("SELECT DISTINCT event_type FROM learning_history ORDER BY 1"));
        Assert.Equal(0, await ScalarAsync<long>("""
            SELECT count(*) FROM learning_history h JOIN students s ON s.id = h.student_id
            WHERE h.occurred_at > coalesce(s.graduated_at + 1, now())
               OR h.occurred_at < coalesce(s.graduated_at, now()) - interval '12 months 1 day'
               OR h.created_at < h.occurred_at OR h.created_at > now() OR h.occurred_at < s.created_at
            """));
        Assert.True(await ScalarAsync<long>("SELECT count(DISTINCT tableoid) FROM learning_history") >= 12, "a year of monthly partitions");
        Assert.True(
            await ScalarAsync<long>("SELECT count(*) FROM learning_history WHERE occurred_at > now() - interval '3 months'") >
            await ScalarAsync<long>("SELECT count(*) FROM learning_history WHERE occurred_at < now() - interval '9 months'"),
            "recent months are busier");

        await using var db = database.CreateDbContext();
        var events = await db.LearningHistory.AsNoTracking().OrderBy(e => e.Id).Take(2000).ToListAsync();
        Assert.All(events, e =>
        {
            Assert.False(string.IsNullOrEmpty(e.Content.Concept));
            Assert.Contains(e.Content.Result, Results);
            Assert.InRange(e.Content.Difficulty!.Value, 0.05, 0.95);
            Assert.InRange(e.Content.TimeSpent!.Value, 1, 3600);
            Assert.InRange(e.Content.HintsUsed!.Value, 0, 5);
            Assert.NotNull(e.SourceId);
            if (e.EventType is EventType.Test or EventType.Assessment)
                Assert.InRange(e.Content.Score!.Value, 0, 100);
            else
                Assert.Matches(@"^PROB_\d+$", e.Content.ProblemId);
        });
        Assert.Contains(events, e => e.SourceNode == 4 && e.SourceId!.StartsWith("LAB_SESSION_"));
    }

    [Fact]
    public async Task Interventions_of_every_type_and_status_are_consistent_plans()
    {
        await SeedOnceAsync();
        await using var db = database.CreateDbContext();
        var interventions = await db.Interventions.AsNoTracking().ToListAsync();

        foreach (var type in Enum.GetValues<InterventionType>())
            foreach (var status in Enum.GetValues<InterventionStatus>())
                Assert.Contains(interventions, i => i.Type == type && i.Status == status);
        Assert.All(interventions, i =>
        {
            Assert.Equal(i.Status == InterventionStatus.Completed, i.CompletedAt is not null);
            Assert.True(i.CompletedAt is null || i.CompletedAt > i.CreatedAt);
            Assert.True(i.CreatedAt < DateTimeOffset.UtcNow);

            Assert.InRange(i.WeakAreas.Count, 1, 3);
            Assert.Equal(Enumerable.Range(1, i.WeakAreas.Count), i.WeakAreas.Select(w => w.Priority));
            Assert.All(i.WeakAreas, w => Assert.Equal(0.85, w.TargetMastery));
            Assert.Equal(i.WeakAreas.OrderBy(w => w.CurrentMastery).Select(w => w.Concept), i.WeakAreas.Select(w => w.Concept));

            Assert.Equal(Enumerable.Range(1, i.LearningPath.Count), i.LearningPath.Select(s => s.Step));
            Assert.All(i.LearningPath, s =>
            {
                Assert.Contains(s.Activity, Activities);
                Assert.True(s.EstimatedDuration > 0);
                if (s.Activity == "review_concept")
                    Assert.Contains(s.Concept, i.WeakAreas.Select(w => w.Concept));
                else
                    Assert.True(s.ProblemSetId is not null && s.NumProblems > 0);
            });
            Assert.Equal(i.LearningPath.Count, i.Progress.Total);
            Assert.InRange(i.Progress.Completed, 0, i.Progress.Total);
            if (i.Status == InterventionStatus.Completed)
                Assert.Equal(i.Progress.Total, i.Progress.Completed);
            // Progress is the steps ticked, the first ones, each after the start; the last tick is the last progress.
            Assert.Equal(i.Progress.Completed, i.LearningPath.Count(s => s.CompletedAt is not null));
            Assert.All(i.LearningPath.Take(i.Progress.Completed), s => Assert.True(s.CompletedAt > i.CreatedAt));
            Assert.Equal(i.LearningPath.Max(s => s.CompletedAt), i.ProgressedAt);
        });
        Assert.Contains(interventions, i => i.Type == InterventionType.Auto && i.WeakAreas.Count > 1);
    }

    [Fact]
    public async Task The_design_documents_two_scheduled_tasks_run_next_in_Korean_time()
    {
        await SeedOnceAsync();
        await using var db = database.CreateDbContext();
        var tasks = await db.ScheduledTasks.AsNoTracking().ToListAsync();

        var report = Assert.Single(tasks, t => t.TaskType == "daily_report");
        Assert.NotNull(report.StudentId);
        Assert.Equal(ScheduleType.Cron, report.ScheduleType);
        Assert.Equal("0 9 * * *", report.CronExpression);
        Assert.Equal("pdf", report.Config.ReportFormat);
        Assert.Equal(["progress", "recommendations"], report.Config.IncludeSections!);
        Assert.Equal("Asia/Seoul", report.Config.TimeZone);
        Assert.Equal(ScheduledTaskStatus.Active, report.Status);
        var reportRun = report.NextRunAt!.Value.ToOffset(TimeSpan.FromHours(9));
        Assert.Equal(new TimeSpan(9, 0, 0), reportRun.TimeOfDay);
        Assert.InRange(reportRun, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));

        var analytics = Assert.Single(tasks, t => t.TaskType == "weekly_analytics");
        Assert.Null(analytics.StudentId);
        Assert.Equal("0 10 * * 1", analytics.CronExpression);
        Assert.Equal("all_schools", analytics.Config.Scope);
        Assert.Equal(["engagement", "performance"], analytics.Config.Metrics!);
        Assert.Equal("Asia/Seoul", analytics.Config.TimeZone);
        var analyticsRun = analytics.NextRunAt!.Value.ToOffset(TimeSpan.FromHours(9));
        Assert.Equal(DayOfWeek.Monday, analyticsRun.DayOfWeek);
        Assert.Equal(new TimeSpan(10, 0, 0), analyticsRun.TimeOfDay);
        Assert.InRange(analyticsRun, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(7));
    }

    [Fact]
    public async Task Results_follow_a_hidden_per_concept_skill()
    {
        await SeedOnceAsync();

        // Split each student's problems in two halves: if skills are real, the concept a student is worst at in one
        // half is also worse than their best one in the other; were results noise, that would hold half the time.
        var worstBelowBest = await ScalarAsync<decimal>("""
            WITH rates AS (
                SELECT student_id, content->>'concept' AS concept, id % 2 AS half,
                       avg(((content->>'result') = 'correct')::int) AS rate
                FROM learning_history
                WHERE event_type NOT IN ('test', 'assessment')
                GROUP BY 1, 2, 3
                HAVING count(*) >= 5),
            paired AS (
                SELECT a.student_id, a.concept, a.rate AS first_rate, b.rate AS second_rate,
                       row_number() OVER (PARTITION BY a.student_id ORDER BY a.rate, a.concept) AS from_worst,
                       row_number() OVER (PARTITION BY a.student_id ORDER BY a.rate DESC, a.concept) AS from_best,
                       count(*) OVER (PARTITION BY a.student_id) AS concepts
                FROM rates a JOIN rates b ON b.student_id = a.student_id AND b.concept = a.concept AND b.half = 1
                WHERE a.half = 0)
            SELECT avg(CASE WHEN worst.second_rate < best.second_rate THEN 1.0 ELSE 0.0 END)
            FROM paired worst JOIN paired best ON best.student_id = worst.student_id AND best.from_best = 1
            WHERE worst.from_worst = 1 AND worst.concepts >= 3
            """);
        Assert.True(worstBelowBest > 0.75m, $"worst concept below best in the other half for {worstBelowBest:P0} of students");

        // Interventions target the concepts the student really is weak at.
        var (weak, others) = await PairAsync<decimal>("""
            WITH weak AS (
                SELECT DISTINCT i.student_id, area->>'concept' AS concept
                FROM interventions i, jsonb_array_elements(i.weak_areas) area),
            attempts AS (
                SELECT h.student_id, (w.concept IS NOT NULL) AS is_weak, ((h.content->>'result') = 'correct')::int AS correct
                FROM learning_history h
                LEFT JOIN weak w ON w.student_id = h.student_id AND w.concept = h.content->>'concept'
                WHERE h.student_id IN (SELECT student_id FROM weak) AND h.event_type NOT IN ('test', 'assessment'))
            SELECT avg(correct) FILTER (WHERE is_weak), avg(correct) FILTER (WHERE NOT is_weak) FROM attempts
            """);
        Assert.True(weak < others - 0.2m, $"correct on weak areas {weak:P0}, on other concepts {others:P0}");

        // Harder problems are solved less often, and failures take longer and more hints.
        var (easy, hard) = await PairAsync<decimal>("""
            SELECT avg(((content->>'result') = 'correct')::int) FILTER (WHERE (content->>'difficulty')::numeric < 0.4),
                   avg(((content->>'result') = 'correct')::int) FILTER (WHERE (content->>'difficulty')::numeric > 0.6)
            FROM learning_history WHERE event_type NOT IN ('test', 'assessment')
            """);
        Assert.True(easy > hard + 0.15m, $"correct on easy {easy:P0}, on hard {hard:P0}");
        var (hintsCorrect, hintsIncorrect) = await PairAsync<decimal>("""
            SELECT avg((content->>'hints_used')::int) FILTER (WHERE content->>'result' = 'correct'),
                   avg((content->>'hints_used')::int) FILTER (WHERE content->>'result' = 'incorrect')
            FROM learning_history WHERE event_type NOT IN ('test', 'assessment')
            """);
        Assert.True(hintsIncorrect > hintsCorrect, $"hints: {hintsCorrect:F2} when correct, {hintsIncorrect:F2} when incorrect");
    }

    [Fact]
    public async Task A_database_with_students_is_refused()
    {
        await SeedOnceAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var seeder = new DemoDataSeeder(dataSource, NullLogger<DemoDataSeeder>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => seeder.SeedAsync(new DemoDataOptions(Students: 5)));
        Assert.Equal(Options.Students, await ScalarAsync<long>("SELECT count(*) FROM students"));
    }

    [Fact]
    public void The_same_seed_gives_the_same_year_of_events()
    {
        var now = new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
        var student = new DemoStudent(3, Guid.NewGuid(), 9, Graduated: false, ActiveUntil: now, WantsDailyReport: false);

        var first = new StudentActivity(student, 42, now).GenerateEvents(200).ToList();
        var second = new StudentActivity(student, 42, now).GenerateEvents(200).ToList();
        var other = new StudentActivity(student, 43, now).GenerateEvents(200).ToList();

        Assert.Equal(200, first.Count);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(first.OrderBy(e => e.OccurredAt), first);
    }

    private Task<T> ScalarAsync<T>(string sql) => Sql.ScalarAsync<T>(database.ConnectionString, sql);

    private async Task<(T First, T Second)> PairAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetFieldValue<T>(0), reader.GetFieldValue<T>(1));
    }

    private async Task<List<T>> ListAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
            values.Add(reader.GetFieldValue<T>(0));
        return values;
    }
}
