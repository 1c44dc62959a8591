using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;

namespace StudentHub.Tests.Home;

/// <summary>
/// Two schools' worth of records around one stopped moment, <see cref="Now"/>: 12:00 on 10 March 2026 in Seoul, 23:00
/// on 9 March in New York (already on daylight time). Each figure differs between school A, everything, and the two
/// zones, so a test can tell which scope and which calendar was counted.
/// </summary>
public sealed class OverviewData : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 3, 0, 0, TimeSpan.Zero);

    public const string SchoolA = "SCH-A";
    public const string SchoolB = "SCH-B";
    public const string TeacherOfA = "teacher-a";
    public const string Admin = "admin-1";

    public DatabaseFixture Database { get; } = new();

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await using var db = Database.CreateDbContext();
        db.Users.Add(AppComponentTest.Account(TeacherOfA, "교사 A", SchoolA));
        db.Users.Add(AppComponentTest.Account(Admin, "관리자"));

        var a1 = Student("가온", SchoolA, "01");
        var a2 = Student("나래", SchoolA, "02");
        var b1 = Student("다인", SchoolB, "01");
        var b2 = Student("라온", SchoolB, "02");
        var b3 = Student("마루", SchoolB, "03");
        db.Students.AddRange(a1, a2, b1, b2, b3);

        // Seoul's today starts 2026-03-09 15:00 UTC; New York's (9 March) at 04:00 UTC.
        db.LearningHistory.AddRange(
            Event(a1, 1, "2026-03-09T15:30:00Z"), // today in both
            Event(a1, 2, "2026-03-10T02:00:00Z"), // today in both
            Event(a2, 2, "2026-03-09T14:30:00Z"), // 23:30 yesterday in Seoul, today in New York
            Event(b1, 4, "2026-03-10T01:00:00Z"), // today in both
            Event(b2, 5, "2026-03-10T02:30:00Z"), // today in both
            Event(a2, 6, "2026-02-28T01:00:00Z"), // ten days ago: in the chart
            Event(a1, 3, "2026-02-20T01:00:00Z"), // eighteen days ago: before the chart
            Event(a1, 1, "2026-03-11T01:00:00Z")); // tomorrow everywhere

        db.Interventions.AddRange(
            Intervention(a1, InterventionStatus.Active),
            Intervention(a2, InterventionStatus.Completed),
            Intervention(b1, InterventionStatus.Active),
            Intervention(b2, InterventionStatus.Active));

        db.ScheduledTasks.AddRange(
            Task(a1, ScheduledTaskStatus.Active, "2026-03-10T02:00:00Z"), // due
            Task(a2, ScheduledTaskStatus.Active, "2026-03-11T00:00:00Z"), // not yet
            Task(a1, ScheduledTaskStatus.Paused, "2026-03-09T00:00:00Z"), // paused
            Task(b1, ScheduledTaskStatus.Active, "2026-03-10T03:00:00Z"), // due this very moment
            Task(null, ScheduledTaskStatus.Active, "2026-03-10T00:00:00Z")); // a global task, due
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Database.DisposeAsync();

    private static Student Student(string name, string school, string number) =>
        new() { Name = name, SchoolId = school, Grade = 8, ClassName = "1반", StudentNumber = number };

    private static LearningEvent Event(Student student, int node, string occurredAt) => new()
    {
        Student = student,
        SourceNode = node,
        EventType = EventType.Study,
        OccurredAt = DateTimeOffset.Parse(occurredAt, System.Globalization.CultureInfo.InvariantCulture),
        Content = new EventContent { Concept = "일차방정식", Result = "correct" },
    };

    private static Intervention Intervention(Student student, InterventionStatus status) =>
        new() { Student = student, Type = InterventionType.Auto, Status = status };

    private static ScheduledTask Task(Student? student, ScheduledTaskStatus status, string nextRunAt) => new()
    {
        Student = student,
        TaskType = "daily_report",
        ScheduleType = ScheduleType.Cron,
        CronExpression = "0 7 * * *",
        Status = status,
        NextRunAt = DateTimeOffset.Parse(nextRunAt, System.Globalization.CultureInfo.InvariantCulture),
    };
}
