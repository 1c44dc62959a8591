using Microsoft.EntityFrameworkCore;
using Npgsql;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Schema;

/// <summary>The design document's schema, as the database enforces it.</summary>
public class SchemaTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Model_HasNoChangesMissingFromTheMigrations()
    {
        await using var db = database.CreateDbContext();

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Theory]
    [InlineData("idx_students_school_id")]
    [InlineData("idx_students_grade_class")]
    [InlineData("idx_students_created_at")]
    [InlineData("idx_students_metadata_gin")]
    [InlineData("idx_students_name_trgm")]
    [InlineData("students_unique_identifier")]
    [InlineData("idx_lh_student_id")]
    [InlineData("idx_lh_student_occurred")]
    [InlineData("idx_lh_event_type")]
    [InlineData("idx_lh_occurred_at")]
    [InlineData("idx_lh_content_gin")]
    [InlineData("idx_lh_student_event")]
    [InlineData("idx_lh_event_id")]
    [InlineData("idx_interventions_student_id")]
    [InlineData("idx_interventions_status")]
    [InlineData("idx_interventions_created_at")]
    [InlineData("idx_interventions_student_status")]
    [InlineData("idx_interventions_active")]
    [InlineData("idx_scheduled_tasks_student_id")]
    [InlineData("idx_scheduled_tasks_next_run")]
    [InlineData("idx_scheduled_tasks_type_status")]
    [InlineData("idx_scheduled_tasks_created_at")]
    public async Task NamedIndex_Exists(string name)
    {
        var definition = await ScalarAsync<string?>(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = $1", name);

        Assert.NotNull(definition);
    }

    [Fact]
    public async Task Indexes_HaveTheDocumentsShape()
    {
        Assert.Contains("USING gin (name gin_trgm_ops)", await IndexDefinitionAsync("idx_students_name_trgm"));
        Assert.Contains("USING gin (metadata)", await IndexDefinitionAsync("idx_students_metadata_gin"));
        Assert.Contains("USING gin (content)", await IndexDefinitionAsync("idx_lh_content_gin"));
        Assert.Contains("(student_id, occurred_at DESC)", await IndexDefinitionAsync("idx_lh_student_occurred"));
        Assert.EndsWith("WHERE ((status)::text = 'active'::text)", await IndexDefinitionAsync("idx_interventions_active"));
        Assert.EndsWith("WHERE ((status)::text = 'active'::text)", await IndexDefinitionAsync("idx_scheduled_tasks_next_run"));
        Assert.Equal('u', await ScalarAsync<char>(
            "SELECT contype FROM pg_constraint WHERE conname = 'students_unique_identifier'"));
    }

    [Fact]
    public async Task EveryIndexInTheModel_ExistsInTheDatabase()
    {
        await using var db = database.CreateDbContext();
        var modelIndexes = db.Model.GetEntityTypes().SelectMany(e => e.GetIndexes()).Select(i => i.GetDatabaseName()!).ToList();

        foreach (var name in modelIndexes)
            Assert.NotNull(await ScalarAsync<string?>("SELECT indexname FROM pg_indexes WHERE indexname = $1", name));
    }

    [Theory]
    [InlineData("pg_trgm")]
    [InlineData("btree_gin")]
    [InlineData("uuid-ossp")]
    public async Task Extension_IsInstalled(string extension) =>
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM pg_extension WHERE extname = $1", extension));

    [Theory]
    [InlineData("create_learning_history_partition")]
    [InlineData("archive_old_learning_history_partitions")]
    [InlineData("anonymize_old_students")]
    public async Task Function_Exists(string function) =>
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM pg_proc WHERE proname = $1", function));

    [Fact]
    public async Task ArchiveSchema_Exists() =>
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname = 'archive'"));

    [Fact]
    public async Task EveryTimeColumn_IsTimestamptz()
    {
        var columns = await ScalarAsync<string[]>("""
            SELECT array_agg(table_name || '.' || column_name || ' ' || data_type ORDER BY 1)
            FROM information_schema.columns
            WHERE table_schema = 'public' AND column_name LIKE '%\_at' AND column_name <> 'graduated_at'
                AND table_name IN ('students', 'learning_history', 'interventions', 'scheduled_tasks')
            """);

        Assert.Equal(10, columns.Length);
        Assert.All(columns, c => Assert.EndsWith("timestamp with time zone", c));
    }

    [Fact]
    public async Task StudentName_SortsInKoreanOrder()
    {
        Assert.Equal("ko-KR-x-icu", await ScalarAsync<string>("""
            SELECT collation_name FROM information_schema.columns WHERE table_name = 'students' AND column_name = 'name'
            """));
        var school = NewSchool();
        await using (var db = database.CreateDbContext())
        {
            foreach (var (name, number) in new[] { ("박영희", "1"), ("Alice", "2"), ("김철수", "3"), ("가나다", "4"), ("이민준", "5") })
                db.Students.Add(NewStudent(school, number, name));
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateDbContext();
        var names = await read.Students.Where(s => s.SchoolId == school).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync();

        Assert.Equal(["가나다", "김철수", "박영희", "이민준", "Alice"], names);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public async Task Grade_OutsideOneToTwelve_IsRefused(int grade)
    {
        await using var db = database.CreateDbContext();
        var student = NewStudent(NewSchool(), "01");
        student.Grade = grade;
        db.Students.Add(student);

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        AssertViolates(error, "students_grade_check");
    }

    [Fact]
    public async Task DuplicateIdentifier_IsRefused()
    {
        var school = NewSchool();
        await using (var db = database.CreateDbContext())
        {
            db.Students.Add(NewStudent(school, "07"));
            await db.SaveChangesAsync();
        }

        await using var second = database.CreateDbContext();
        second.Students.Add(NewStudent(school, "07", "다른학생"));
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

        AssertViolates(error, "students_unique_identifier");
    }

    [Theory]
    [InlineData("event_type", "'foo'", "learning_history_event_type_check")]
    [InlineData("source_node", "0", "learning_history_source_node_check")]
    [InlineData("source_node", "7", "learning_history_source_node_check")]
    public async Task LearningHistory_OutsideItsLists_IsRefused(string column, string value, string constraint)
    {
        var studentId = await AddStudentAsync();
        var values = new Dictionary<string, string> { ["event_type"] = "'study'", ["source_node"] = "1" };
        values[column] = value;

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync($"""
            INSERT INTO learning_history (student_id, event_type, source_node, content, occurred_at)
            VALUES ('{studentId}', {values["event_type"]}, {values["source_node"]}, '{"{}"}', now())
            """));

        Assert.Equal(constraint, error.ConstraintName);
    }

    [Theory]
    [InlineData("type", "'manual'", "interventions_type_check")]
    [InlineData("status", "'archived'", "interventions_status_check")]
    public async Task Intervention_OutsideItsLists_IsRefused(string column, string value, string constraint)
    {
        var studentId = await AddStudentAsync();
        var values = new Dictionary<string, string> { ["type"] = "'auto'", ["status"] = "'active'" };
        values[column] = value;

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync($"""
            INSERT INTO interventions (student_id, type, status, weak_areas, learning_path)
            VALUES ('{studentId}', {values["type"]}, {values["status"]}, '[]', '[]')
            """));

        Assert.Equal(constraint, error.ConstraintName);
    }

    [Theory]
    [InlineData("schedule_type", "'weekly'", "scheduled_tasks_schedule_type_check")]
    [InlineData("status", "'failed'", "scheduled_tasks_status_check")]
    public async Task ScheduledTask_OutsideItsLists_IsRefused(string column, string value, string constraint)
    {
        var values = new Dictionary<string, string> { ["schedule_type"] = "'cron'", ["status"] = "'active'" };
        values[column] = value;

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync($"""
            INSERT INTO scheduled_tasks (task_type, schedule_type, status)
            VALUES ('weekly_analytics', {values["schedule_type"]}, {values["status"]})
            """));

        Assert.Equal(constraint, error.ConstraintName);
    }

    [Fact]
    public async Task Defaults_AreTheDocuments()
    {
        var studentId = await AddStudentAsync();
        await ExecuteAsync($"""
            INSERT INTO interventions (student_id, type, weak_areas, learning_path) VALUES ('{studentId}', 'auto', '[]', '[]');
            INSERT INTO scheduled_tasks (task_type, schedule_type) VALUES ('weekly_analytics', 'cron');
            """);

        Assert.Equal("active", await ScalarAsync<string>($"SELECT status FROM interventions WHERE student_id = '{studentId}'"));
        Assert.Equal("""{"total": 0, "completed": 0}""",
            await ScalarAsync<string>($"SELECT progress::text FROM interventions WHERE student_id = '{studentId}'"));
        Assert.Equal("{}", await ScalarAsync<string>($"SELECT metadata::text FROM students WHERE id = '{studentId}'"));
        Assert.Equal("{}", await ScalarAsync<string>("SELECT config::text FROM scheduled_tasks WHERE task_type = 'weekly_analytics' LIMIT 1"));
    }

    [Fact]
    public async Task DeletingAStudent_RemovesTheirEventsInterventionsAndTasks()
    {
        var studentId = await AddStudentAsync();
        await using (var db = database.CreateDbContext())
        {
            db.LearningHistory.Add(NewEvent(studentId, DateTimeOffset.UtcNow));
            db.Interventions.Add(new Intervention { StudentId = studentId, Type = InterventionType.TeacherRequested });
            db.ScheduledTasks.Add(new ScheduledTask { StudentId = studentId, TaskType = "daily_report", ScheduleType = ScheduleType.Cron, CronExpression = "0 9 * * *" });
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateDbContext())
            await db.Students.Where(s => s.Id == studentId).ExecuteDeleteAsync();

        await using var read = database.CreateDbContext();
        Assert.False(await read.LearningHistory.AnyAsync(e => e.StudentId == studentId));
        Assert.False(await read.Interventions.AnyAsync(i => i.StudentId == studentId));
        Assert.False(await read.ScheduledTasks.AnyAsync(t => t.StudentId == studentId));
    }

    [Fact]
    public async Task Migration_CreatesTheCurrentMonthAndTheSixAfterIt()
    {
        var now = DateTime.UtcNow;
        var expected = Enumerable.Range(0, 7).Select(i => now.AddMonths(i)).Select(d => $"learning_history_{d:yyyy_MM}");
        var partitions = await PartitionsAsync();

        Assert.All(expected, name => Assert.Contains(name, partitions));
        Assert.Equal(0L, await ScalarAsync<long>(
            "SELECT partdefid::bigint FROM pg_partitioned_table WHERE partrelid = 'learning_history'::regclass"));
    }

    [Fact]
    public async Task Event_LandsInItsMonthsPartition_ReadInUtc()
    {
        var studentId = await AddStudentAsync();
        var month = DateTime.UtcNow;
        // 23:30 UTC on the month's last day is already the next day in Seoul: the UTC month decides.
        var lastInstant = new DateTimeOffset(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month), 23, 30, 0, TimeSpan.Zero);
        await using (var db = database.CreateDbContext())
        {
            db.LearningHistory.Add(NewEvent(studentId, lastInstant));
            await db.SaveChangesAsync();
        }

        var partition = await ScalarAsync<string>(
            $"SELECT tableoid::regclass::text FROM learning_history WHERE student_id = '{studentId}'");

        Assert.Equal($"learning_history_{month:yyyy_MM}", partition);
    }

    [Fact]
    public async Task Event_InAMonthWithoutPartition_IsStoredInANewPartition()
    {
        var studentId = await AddStudentAsync();
        var occurredAt = new DateTimeOffset(2019, 3, 14, 5, 0, 0, TimeSpan.Zero);
        Assert.DoesNotContain("learning_history_2019_03", await PartitionsAsync());

        await using (var db = database.CreateDbContext())
        {
            db.LearningHistory.Add(NewEvent(studentId, occurredAt));
            await db.SaveChangesAsync();
        }

        Assert.Contains("learning_history_2019_03", await PartitionsAsync());
        await using var read = database.CreateDbContext();
        var stored = await read.LearningHistory.SingleAsync(e => e.StudentId == studentId);
        Assert.Equal(occurredAt, stored.OccurredAt);
    }

    [Fact]
    public async Task CreatePartition_IsIdempotent_AndBoundedInUtcWhateverTheSessionTimeZone()
    {
        var seoul = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Timezone = "Asia/Seoul" }.ConnectionString;
        await ExecuteAsync("SELECT create_learning_history_partition('2018-07-15'); SELECT create_learning_history_partition('2018-07-01');", seoul);

        var bounds = await ScalarAsync<string>("""
            SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_class c WHERE c.relname = 'learning_history_2018_07'
            """);

        Assert.Equal("FOR VALUES FROM ('2018-07-01 00:00:00+00') TO ('2018-08-01 00:00:00+00')", bounds);
    }

    [Fact]
    public async Task Archive_DetachesPartitionsOlderThanTwoYears_IntoTheArchiveSchema()
    {
        var studentId = await AddStudentAsync();
        var old = DateTimeOffset.UtcNow.AddYears(-3);
        var oldName = $"learning_history_{old:yyyy_MM}";
        await using (var db = database.CreateDbContext())
        {
            db.LearningHistory.Add(NewEvent(studentId, old));
            db.LearningHistory.Add(NewEvent(studentId, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        await ExecuteAsync("SELECT archive_old_learning_history_partitions()");

        Assert.DoesNotContain(oldName, await PartitionsAsync());
        Assert.Equal(1L, await ScalarAsync<long>($"SELECT count(*) FROM archive.{oldName} WHERE student_id = '{studentId}'"));
        Assert.Equal(1L, await ScalarAsync<long>($"SELECT count(*) FROM learning_history WHERE student_id = '{studentId}'"));
    }

    [Fact]
    public async Task Anonymize_ClearsStudentsGraduatedFiveYearsAgo_NotOldEnrolments()
    {
        var school = NewSchool();
        var graduated = NewStudent(school, "01", "졸업생");
        graduated.GraduatedAt = DateOnly.FromDateTime(DateTime.UtcNow.AddYears(-6));
        graduated.Email = "old@example.com";
        var longEnrolled = NewStudent(school, "02", "재학생");
        longEnrolled.CreatedAt = DateTimeOffset.UtcNow.AddYears(-6);
        await using (var db = database.CreateDbContext())
        {
            db.Students.AddRange(graduated, longEnrolled);
            await db.SaveChangesAsync();
        }

        await ExecuteAsync("SELECT anonymize_old_students()");

        await using var read = database.CreateDbContext();
        var anonymized = await read.Students.SingleAsync(s => s.Id == graduated.Id);
        Assert.Equal($"ANONYMIZED_{graduated.Id}", anonymized.Name);
        Assert.Null(anonymized.Email);
        Assert.Null(anonymized.ParentContact);
        Assert.Equal("재학생", (await read.Students.SingleAsync(s => s.Id == longEnrolled.Id)).Name);
    }

    [Fact]
    public async Task UnknownMetadataKeys_SurviveAnUpdate()
    {
        var studentId = await AddStudentAsync();
        await ExecuteAsync($$"""
            UPDATE students SET metadata = '{
                "learning_style": "visual", "special_needs": false, "interests": ["math"],
                "parent_preferences": {"notification_method": "email", "report_frequency": "weekly", "language": "ko"},
                "homeroom_teacher": "박선생", "node3_flags": {"tutoring": true, "level": 2}
            }' WHERE id = '{{studentId}}'
            """);

        await using (var db = database.CreateDbContext())
        {
            var student = await db.Students.SingleAsync(s => s.Id == studentId);
            Assert.Equal("visual", student.Metadata.LearningStyle);
            student.Metadata.LearningStyle = "kinesthetic";
            student.Metadata.Interests!.Add("science");
            await db.SaveChangesAsync();
        }

        Assert.Equal("kinesthetic", await ScalarAsync<string>($"SELECT metadata->>'learning_style' FROM students WHERE id = '{studentId}'"));
        Assert.Equal("""["math", "science"]""", await ScalarAsync<string>($"SELECT metadata->>'interests' FROM students WHERE id = '{studentId}'"));
        Assert.Equal("박선생", await ScalarAsync<string>($"SELECT metadata->>'homeroom_teacher' FROM students WHERE id = '{studentId}'"));
        Assert.Equal("""{"level": 2, "tutoring": true}""", await ScalarAsync<string>($"SELECT metadata->>'node3_flags' FROM students WHERE id = '{studentId}'"));
        Assert.Equal("ko", await ScalarAsync<string>($"SELECT metadata->'parent_preferences'->>'language' FROM students WHERE id = '{studentId}'"));
    }

    [Fact]
    public async Task UnknownContentKeys_SurviveAnUpdate()
    {
        var studentId = await AddStudentAsync();
        await ExecuteAsync($$$"""
            INSERT INTO learning_history (student_id, event_type, source_node, content, occurred_at)
            VALUES ('{{{studentId}}}', 'study', 4, '{"concept": "이차함수", "result": "correct", "lab_device": {"id": "TAB-7"}}', now())
            """);

        await using (var db = database.CreateDbContext())
        {
            var stored = await db.LearningHistory.SingleAsync(e => e.StudentId == studentId);
            Assert.Equal("이차함수", stored.Content.Concept);
            stored.SourceId = "LAB_SESSION_9";
            stored.Content.HintsUsed = 2;
            await db.SaveChangesAsync();
        }

        Assert.Equal("""{"result": "correct", "concept": "이차함수", "hints_used": 2, "lab_device": {"id": "TAB-7"}}""",
            await ScalarAsync<string>($"SELECT content::text FROM learning_history WHERE student_id = '{studentId}'"));
    }

    [Fact]
    public async Task AnEventId_IsStoredOnceForItsInstant()
    {
        var studentId = await AddStudentAsync();
        var eventId = Guid.NewGuid();
        var occurredAt = DateTimeOffset.UtcNow.AddMinutes(-3);
        await using (var db = database.CreateDbContext())
        {
            var first = NewEvent(studentId, occurredAt);
            first.EventId = eventId;
            db.LearningHistory.Add(first);
            await db.SaveChangesAsync();
        }

        await using var retry = database.CreateDbContext();
        var again = NewEvent(studentId, occurredAt);
        again.EventId = eventId;
        retry.LearningHistory.Add(again);
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => retry.SaveChangesAsync());

        Assert.StartsWith("learning_history_", Assert.IsType<PostgresException>(error.InnerException).ConstraintName);
        Assert.Equal("23505", ((PostgresException)error.InnerException!).SqlState);
    }

    [Fact]
    public async Task SavingOverSomeoneElsesNewerSave_IsDetected()
    {
        var studentId = await AddStudentAsync();
        await using var first = database.CreateDbContext();
        await using var second = database.CreateDbContext();
        var mine = await first.Students.SingleAsync(s => s.Id == studentId);
        var theirs = await second.Students.SingleAsync(s => s.Id == studentId);

        theirs.Name = "먼저저장";
        await second.SaveChangesAsync();
        mine.Name = "나중저장";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync());
        await using var read = database.CreateDbContext();
        Assert.Equal("먼저저장", (await read.Students.SingleAsync(s => s.Id == studentId)).Name);
    }

    [Fact]
    public async Task InterventionJson_UsesTheDocumentsKeys()
    {
        var studentId = await AddStudentAsync();
        await using (var db = database.CreateDbContext())
        {
            db.Interventions.Add(new Intervention
            {
                StudentId = studentId,
                Type = InterventionType.TeacherRequested,
                WeakAreas = [new WeakArea { Concept = "이차함수", CurrentMastery = 0.65, TargetMastery = 0.85, Priority = 1 }],
                LearningPath =
                [
                    new LearningPathStep { Step = 1, Activity = "review_concept", Concept = "이차함수 기본", EstimatedDuration = 1800 },
                    new LearningPathStep { Step = 2, Activity = "practice", ProblemSetId = "PS_456", NumProblems = 10, EstimatedDuration = 2400 },
                ],
                Progress = new InterventionProgress { Completed = 0, Total = 2 },
            });
            await db.SaveChangesAsync();
        }

        var where = $"FROM interventions WHERE student_id = '{studentId}'";
        Assert.Equal("teacher_requested", await ScalarAsync<string>($"SELECT type {where}"));
        Assert.Equal("active", await ScalarAsync<string>($"SELECT status {where}"));
        Assert.Equal("0.65", await ScalarAsync<string>($"SELECT weak_areas->0->>'current_mastery' {where}"));
        Assert.Equal("PS_456", await ScalarAsync<string>($"SELECT learning_path->1->>'problem_set_id' {where}"));
        Assert.Equal("2400", await ScalarAsync<string>($"SELECT learning_path->1->>'estimated_duration' {where}"));
        Assert.Equal("2", await ScalarAsync<string>($"SELECT progress->>'total' {where}"));

        await using var read = database.CreateDbContext();
        var intervention = await read.Interventions.SingleAsync(i => i.StudentId == studentId);
        Assert.Equal("PS_456", intervention.LearningPath[1].ProblemSetId);
        Assert.Equal(0.85, intervention.WeakAreas[0].TargetMastery);
    }

    private static string NewSchool() => "T" + Guid.NewGuid().ToString("N")[..8];

    private static Student NewStudent(string school, string number, string name = "김철수") => new()
    {
        Name = name,
        SchoolId = school,
        Grade = 10,
        ClassName = "1반",
        StudentNumber = number,
    };

    private static LearningEvent NewEvent(Guid studentId, DateTimeOffset occurredAt) => new()
    {
        StudentId = studentId,
        EventType = EventType.Study,
        SourceNode = 4,
        SourceId = "LAB_SESSION_123",
        OccurredAt = occurredAt,
        Content = new EventContent { Action = "solved_problem", ProblemId = "PROB_456", Result = "correct", TimeSpent = 180, Difficulty = 0.65, HintsUsed = 1 },
    };

    private async Task<Guid> AddStudentAsync()
    {
        await using var db = database.CreateDbContext();
        var student = NewStudent(NewSchool(), "01");
        db.Students.Add(student);
        await db.SaveChangesAsync();
        return student.Id;
    }

    private static void AssertViolates(DbUpdateException error, string constraint) =>
        Assert.Equal(constraint, Assert.IsType<PostgresException>(error.InnerException).ConstraintName);

    private async Task<List<string>> PartitionsAsync() => [.. await ScalarAsync<string[]>("""
        SELECT coalesce(array_agg(c.relname::text), '{}') FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'learning_history'::regclass
        """)];

    private Task<string> IndexDefinitionAsync(string name) =>
        ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = $1", name);

    private Task ExecuteAsync(string sql, string? connectionString = null) =>
        Sql.ExecuteAsync(connectionString ?? database.ConnectionString, sql);

    private Task<T> ScalarAsync<T>(string sql, params object[] parameters) =>
        Sql.ScalarAsync<T>(database.ConnectionString, sql, parameters);
}
