using System.Diagnostics;
using Bogus;
using Npgsql;
using NpgsqlTypes;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Web.Demo;

/// <summary>
/// Fills an empty database with believable demo data: Korean schools and students, a year of learning events
/// from the six source nodes (see <see cref="StudentActivity"/> for the hidden skill model behind the results),
/// interventions aimed at each student's real weak areas, and the design document's two scheduled tasks.
/// </summary>
/// <remarks>
/// Rows stream through binary COPY, one student's events at a time, inside one transaction: a failed or
/// cancelled seed leaves no rows behind (only the monthly partitions it made). It refuses a database that
/// already has students, rather than guess how to fit new rosters around existing ones.
/// </remarks>
public sealed class DemoDataSeeder(NpgsqlDataSource dataSource, ILogger<DemoDataSeeder> logger)
{
    private const string CopyStudents =
        "COPY students (id, name, school_id, grade, class_name, student_number, email, parent_contact, metadata, " +
        "created_at, updated_at, graduated_at) FROM STDIN (FORMAT BINARY)";

    private const string CopyEvents =
        "COPY learning_history (student_id, occurred_at, event_type, source_node, source_id, content, created_at) " +
        "FROM STDIN (FORMAT BINARY)";

    private const string CopyInterventions =
        "COPY interventions (id, student_id, type, weak_areas, learning_path, status, progress, created_at, completed_at, progressed_at) " +
        "FROM STDIN (FORMAT BINARY)";

    private const string InsertScheduledTask =
        "INSERT INTO scheduled_tasks (student_id, task_type, schedule_type, cron_expression, config, status, next_run_at, created_at) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    private const double InterventionShare = 0.12;

    // Graduation ceremonies are in the morning, Korean time.
    private const int GraduationHour = 10;

    // Every combination of type and status appears at least once.
    private static readonly (InterventionType Type, InterventionStatus Status)[] EveryKindOfIntervention =
        Enum.GetValues<InterventionStatus>()
            .SelectMany(status => Enum.GetValues<InterventionType>().Select(type => (type, status)))
            .ToArray();

    private static readonly string[] EventTypeNames =
        Enum.GetValues<EventType>().Select(SnakeCaseEnumConverter<EventType>.ToDatabase).ToArray();

    private static readonly string[] LearningStyles = ["visual", "auditory", "kinesthetic", "reading_writing"];

    private static readonly string[] Interests =
        ["math", "science", "coding", "robotics", "reading", "writing", "english", "history", "art", "music", "sports", "games"];

    private static readonly string[] NotificationMethods = ["kakao", "sms", "email"];
    private static readonly float[] NotificationMethodWeights = [0.5f, 0.25f, 0.25f];
    private static readonly string[] ReportFrequencies = ["weekly", "monthly", "daily"];
    private static readonly float[] ReportFrequencyWeights = [0.55f, 0.3f, 0.15f];

    public async Task<DemoSeedSummary> SeedAsync(DemoDataOptions options, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Students, 1, nameof(options.Students));
        ArgumentOutOfRangeException.ThrowIfNegative(options.EventsPerStudent, nameof(options.EventsPerStudent));

        var stopwatch = Stopwatch.StartNew();
        var seed = options.RandomSeed ?? Random.Shared.Next();
        var now = new DateTime(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        // Last February's graduates have the year before their graduation: the earliest events of all.
        var graduationDay = KoreanCalendar.LastGraduationDay(now);
        var firstEvents = KoreanCalendar.ToUtc(graduationDay, GraduationHour).AddMonths(-12);
        logger.LogInformation(
            "Seeding demo data: {Students} students × {EventsPerStudent} events, seed {Seed}",
            options.Students, options.EventsPerStudent, seed);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM students)", connection))
            if (await any.ExecuteScalarAsync(ct) is true)
                throw new InvalidOperationException(
                    "The database already has students: demo data are only seeded into an empty database.");

        // Outside the seeding transaction: creating a partition locks learning_history, and the app's readers
        // should not wait on that for the whole seed.
        for (var month = new DateOnly(firstEvents.Year, firstEvents.Month, 1); month <= DateOnly.FromDateTime(now); month = month.AddMonths(1))
            await StudentHubDatabase.EnsurePartitionAsync(connection, month, ct);

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var students = await CopyStudentsAsync(connection, options.Students, seed, graduationDay, firstEvents, now, ct);
        var plan = PlanInterventions(students, seed);
        var (events, interventions) = await CopyEventsAsync(
            connection, students, plan, options.EventsPerStudent, seed, now, stopwatch, ct);
        await CopyInterventionsAsync(connection, interventions, ct);
        var tasks = await InsertScheduledTasksAsync(connection, students, now, ct);
        await transaction.CommitAsync(ct);

        // Autovacuum never analyzes a partitioned parent: without this the planner guesses about learning_history.
        await using (var analyze = new NpgsqlCommand("ANALYZE students, learning_history, interventions, scheduled_tasks", connection))
        {
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync(ct);
        }

        var summary = new DemoSeedSummary(
            DemoSchools.For(options.Students).Count, students.Count, events, interventions.Count, tasks, stopwatch.Elapsed);
        logger.LogInformation(
            "Seeded demo data in {Elapsed}: {Schools} schools, {Students} students, {Events} events ({Rate:N0} events/s), " +
            "{Interventions} interventions, {Tasks} scheduled tasks",
            summary.Elapsed, summary.Schools, summary.Students, summary.Events, summary.Events / summary.Elapsed.TotalSeconds,
            summary.Interventions, summary.ScheduledTasks);
        return summary;
    }

    private static async Task<List<DemoStudent>> CopyStudentsAsync(
        NpgsqlConnection connection, int count, int seed, DateOnly graduationDay, DateTime firstEvents, DateTime now, CancellationToken ct)
    {
        var faker = new Faker("ko") { Random = new Randomizer(DemoRandom.DeriveSeed(seed, -1)) };
        var idRandom = new Random(DemoRandom.DeriveSeed(seed, -2));
        var graduation = KoreanCalendar.ToUtc(graduationDay, GraduationHour);
        var seniors = 0;

        // The schools joined the platform over the month before the first events, their students in roster order.
        var onboarding = firstEvents.AddDays(-30);
        var onboardingSpan = TimeSpan.FromDays(30);

        var students = new List<DemoStudent>(count);
        await using var importer = await connection.BeginBinaryImportAsync(CopyStudents, ct);
        importer.Timeout = TimeSpan.Zero;
        foreach (var seat in DemoSchools.Seats(count))
        {
            var index = students.Count;
            var createdAt = onboarding + onboardingSpan * ((index + faker.Random.Double()) / count);
            createdAt = new DateTime(createdAt.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
            // One senior in ten graduated last February (the first one always, so a small roster has one too).
            var graduated = seat.Grade == 12 && seniors++ % 10 == 0;
            var (name, email) = KoreanNames.Next(faker);
            var reportFrequency = faker.Random.WeightedRandom(ReportFrequencies, ReportFrequencyWeights);
            var metadata = new StudentMetadata
            {
                LearningStyle = faker.PickRandom(LearningStyles),
                SpecialNeeds = faker.Random.Bool(0.05f),
                Interests = faker.Random.ListItems(Interests, faker.Random.Int(1, 3)).ToList(),
                ParentPreferences = new ParentPreferences
                {
                    NotificationMethod = faker.Random.WeightedRandom(NotificationMethods, NotificationMethodWeights),
                    ReportFrequency = reportFrequency,
                },
            };
            var parentContact = $"010-{faker.Random.Int(2000, 9999)}-{faker.Random.Int(0, 9999):D4}";
            var id = DemoRandom.NextVersion7Guid(idRandom, createdAt);

            await importer.StartRowAsync(ct);
            await importer.WriteAsync(id, NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(name, NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(seat.School.Id, NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(seat.Grade, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(seat.ClassName, NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(seat.StudentNumber, NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(email, NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(parentContact, NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(OpenJsonColumn.Serialize(metadata), NpgsqlDbType.Jsonb, ct);
            await importer.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, ct);
            await importer.WriteAsync(graduated ? graduation : createdAt, NpgsqlDbType.TimestampTz, ct);
            if (graduated)
                await importer.WriteAsync(graduationDay, NpgsqlDbType.Date, ct);
            else
                await importer.WriteNullAsync(ct);

            students.Add(new DemoStudent(index, id, seat.Grade, graduated, graduated ? graduation : now, reportFrequency == "daily"));
        }
        await importer.CompleteAsync(ct);
        return students;
    }

    /// <summary>
    /// Which current students get interventions (about one in eight, evenly spread over the roster) and of which
    /// kind; a roster too small for one each gives some students several.
    /// </summary>
    private static List<PlannedIntervention> PlanInterventions(List<DemoStudent> students, int seed)
    {
        var random = new Random(DemoRandom.DeriveSeed(seed, -3));
        var current = students.Where(s => !s.Graduated).Select(s => s.Index).ToList();
        var count = Math.Max(EveryKindOfIntervention.Length, (int)Math.Round(students.Count * InterventionShare));
        var plan = new List<PlannedIntervention>(count);
        for (var i = 0; i < count; i++)
        {
            var studentIndex = count <= current.Count ? current[(int)((long)i * current.Count / count)] : current[i % current.Count];
            var (type, status) = i < EveryKindOfIntervention.Length
                ? EveryKindOfIntervention[i]
                : (random.NextDouble() < 0.7 ? InterventionType.Auto : InterventionType.TeacherRequested,
                    random.NextDouble() switch
                    {
                        < 0.35 => InterventionStatus.Active,
                        < 0.7 => InterventionStatus.Completed,
                        < 0.85 => InterventionStatus.Paused,
                        _ => InterventionStatus.Cancelled,
                    });
            plan.Add(new PlannedIntervention(studentIndex, type, status));
        }
        plan.Sort((a, b) => a.StudentIndex.CompareTo(b.StudentIndex));
        return plan;
    }

    private async Task<(long Events, List<DemoIntervention> Interventions)> CopyEventsAsync(
        NpgsqlConnection connection,
        List<DemoStudent> students,
        List<PlannedIntervention> plan,
        int eventsPerStudent,
        int seed,
        DateTime now,
        Stopwatch stopwatch,
        CancellationToken ct)
    {
        var interventions = new List<DemoIntervention>(plan.Count);
        var progressEvery = Math.Max(1000, students.Count / 20);
        var written = 0L;
        var planned = 0;
        var started = stopwatch.Elapsed;

        await using var importer = await connection.BeginBinaryImportAsync(CopyEvents, ct);
        importer.Timeout = TimeSpan.Zero;
        foreach (var student in students)
        {
            var activity = new StudentActivity(student, DemoRandom.DeriveSeed(seed, student.Index), now);
            foreach (var e in activity.GenerateEvents(eventsPerStudent))
            {
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(student.Id, NpgsqlDbType.Uuid, ct);
                await importer.WriteAsync(e.OccurredAt, NpgsqlDbType.TimestampTz, ct);
                await importer.WriteAsync(EventTypeNames[(int)e.EventType], NpgsqlDbType.Varchar, ct);
                await importer.WriteAsync(e.SourceNode, NpgsqlDbType.Integer, ct);
                await importer.WriteAsync(e.SourceId, NpgsqlDbType.Varchar, ct);
                await importer.WriteAsync(e.Content, NpgsqlDbType.Jsonb, ct);
                await importer.WriteAsync(e.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                written++;
            }
            for (; planned < plan.Count && plan[planned].StudentIndex == student.Index; planned++)
                interventions.Add(activity.CreateIntervention(plan[planned].Type, plan[planned].Status));

            if ((student.Index + 1) % progressEvery == 0 || student.Index + 1 == students.Count)
            {
                var seconds = (stopwatch.Elapsed - started).TotalSeconds;
                logger.LogInformation(
                    "Demo data: {Done}/{Total} students, {Events} events ({Rate:N0} events/s)",
                    student.Index + 1, students.Count, written, written / Math.Max(seconds, 0.001));
            }
        }
        await importer.CompleteAsync(ct);
        return (written, interventions);
    }

    private static async Task CopyInterventionsAsync(NpgsqlConnection connection, List<DemoIntervention> interventions, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync(CopyInterventions, ct);
        importer.Timeout = TimeSpan.Zero;
        foreach (var intervention in interventions)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(intervention.Id, NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(intervention.StudentId, NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(SnakeCaseEnumConverter<InterventionType>.ToDatabase(intervention.Type), NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(intervention.WeakAreas, NpgsqlDbType.Jsonb, ct);
            await importer.WriteAsync(intervention.LearningPath, NpgsqlDbType.Jsonb, ct);
            await importer.WriteAsync(SnakeCaseEnumConverter<InterventionStatus>.ToDatabase(intervention.Status), NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(intervention.Progress, NpgsqlDbType.Jsonb, ct);
            await importer.WriteAsync(intervention.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            if (intervention.CompletedAt is { } completedAt)
                await importer.WriteAsync(completedAt, NpgsqlDbType.TimestampTz, ct);
            else
                await importer.WriteNullAsync(ct);
            if (intervention.ProgressedAt is { } progressedAt)
                await importer.WriteAsync(progressedAt, NpgsqlDbType.TimestampTz, ct);
            else
                await importer.WriteNullAsync(ct);
        }
        await importer.CompleteAsync(ct);
    }

    /// <summary>
    /// The design document's two examples: a daily 09:00 report for one student (one whose parents asked for
    /// daily reports, where there is one) and the Monday 10:00 analytics over all schools, both in Korean time.
    /// </summary>
    private static async Task<int> InsertScheduledTasksAsync(
        NpgsqlConnection connection, List<DemoStudent> students, DateTime now, CancellationToken ct)
    {
        var current = students.Where(s => !s.Graduated).ToList();
        var reportStudent = current.FirstOrDefault(s => s.WantsDailyReport) ?? current.FirstOrDefault() ?? students[0];
        var tasks = new (Guid? StudentId, string TaskType, string Cron, TaskConfig Config, DateTime NextRunAt)[]
        {
            (reportStudent.Id, "daily_report", "0 9 * * *",
                new TaskConfig { TimeZone = KoreanCalendar.TimeZoneId, ReportFormat = "pdf", IncludeSections = ["progress", "recommendations"] },
                KoreanCalendar.NextAt(now, 9)),
            (null, "weekly_analytics", "0 10 * * 1",
                new TaskConfig { TimeZone = KoreanCalendar.TimeZoneId, Scope = "all_schools", Metrics = ["engagement", "performance"] },
                KoreanCalendar.NextAt(now, 10, DayOfWeek.Monday)),
        };

        foreach (var task in tasks)
        {
            await using var insert = new NpgsqlCommand(InsertScheduledTask, connection);
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = task.StudentId is { } id ? id : DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Varchar, Value = task.TaskType });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Varchar, Value = SnakeCaseEnumConverter<ScheduleType>.ToDatabase(ScheduleType.Cron) });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Varchar, Value = task.Cron });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = OpenJsonColumn.Serialize(task.Config) });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Varchar, Value = SnakeCaseEnumConverter<ScheduledTaskStatus>.ToDatabase(ScheduledTaskStatus.Active) });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = task.NextRunAt });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = now });
            await insert.ExecuteNonQueryAsync(ct);
        }
        return tasks.Length;
    }

    private readonly record struct PlannedIntervention(int StudentIndex, InterventionType Type, InterventionStatus Status);
}
