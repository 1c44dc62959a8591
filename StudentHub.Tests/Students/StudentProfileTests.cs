using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Security;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>The student page's queries on a real database: the school rule, and what the page lists about the student.</summary>
public class StudentProfileTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string SchoolA = "PROF_A";
    private const string SchoolB = "PROF_B";

    private Guid _student;
    private Guid _classmate;

    public async Task InitializeAsync()
    {
        await using var db = database.CreateDbContext();
        var existing = await db.Students.Where(s => s.SchoolId == SchoolA).OrderBy(s => s.StudentNumber).Select(s => s.Id).ToListAsync();
        if (existing.Count == 2)
        {
            (_student, _classmate) = (existing[0], existing[1]);
            return;
        }

        var student = new Student { Name = "김하늘", SchoolId = SchoolA, Grade = 5, ClassName = "2반", StudentNumber = "01" };
        var classmate = new Student { Name = "이바다", SchoolId = SchoolA, Grade = 5, ClassName = "2반", StudentNumber = "02" };
        db.Students.AddRange(student, classmate);

        db.Interventions.AddRange(
            new Intervention
            {
                Student = student, Type = InterventionType.Auto, CreatedAt = At("2026-03-01T00:00:00Z"),
                Progress = new InterventionProgress { Completed = 2, Total = 5 },
                WeakAreas =
                [
                    new WeakArea { Concept = "분수의 곱셈", CurrentMastery = 0.5, TargetMastery = 0.85, Priority = 2 },
                    new WeakArea { Concept = "분수의 덧셈", CurrentMastery = 0.4, TargetMastery = 0.85, Priority = 1 },
                ],
            },
            new Intervention { Student = student, Type = InterventionType.TeacherRequested, CreatedAt = At("2026-03-05T00:00:00Z") },
            new Intervention { Student = student, Type = InterventionType.Auto, Status = InterventionStatus.Completed, CreatedAt = At("2026-03-07T00:00:00Z") },
            new Intervention { Student = classmate, Type = InterventionType.Auto, CreatedAt = At("2026-03-08T00:00:00Z") });

        // Twelve events across two monthly partitions, and a classmate's newer one.
        for (var i = 0; i < 12; i++)
        {
            db.LearningHistory.Add(new LearningEvent
            {
                Student = student, SourceNode = 1 + i % 6, EventType = i % 2 == 0 ? EventType.Study : EventType.Test,
                OccurredAt = At("2026-02-27T00:00:00Z").AddDays(i),
                Content = new EventContent { Concept = $"개념 {i}", Result = i % 3 == 0 ? "incorrect" : "correct" },
            });
        }
        db.LearningHistory.Add(new LearningEvent
        {
            Student = classmate, SourceNode = 2, EventType = EventType.Review, OccurredAt = At("2026-03-20T00:00:00Z"),
            Content = new EventContent { Concept = "다른 학생" },
        });

        db.ScheduledTasks.AddRange(
            new ScheduledTask
            {
                Student = student, TaskType = "daily_report", ScheduleType = ScheduleType.Cron, CronExpression = "0 9 * * *",
                NextRunAt = At("2026-03-11T00:00:00Z"),
            },
            new ScheduledTask
            {
                Student = student, TaskType = "reminder", ScheduleType = ScheduleType.Interval, Status = ScheduledTaskStatus.Paused,
                Config = new TaskConfig { IntervalSeconds = 7200 },
            },
            new ScheduledTask { TaskType = "weekly_analytics", ScheduleType = ScheduleType.Cron, CronExpression = "0 10 * * 1", NextRunAt = At("2026-03-09T01:00:00Z") },
            new ScheduledTask { Student = classmate, TaskType = "daily_report", ScheduleType = ScheduleType.Cron, CronExpression = "0 9 * * *" });

        db.Students.Add(new Student { Name = "박구름", SchoolId = SchoolB, Grade = 5 });
        await db.SaveChangesAsync();
        (_student, _classmate) = (student.Id, classmate.Id);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AStudentOfAnotherSchool_ReadsAsMissing()
    {
        var teacherOfB = await TeacherOfAsync(SchoolB);
        var teacherOfA = await TeacherOfAsync(SchoolA);

        Assert.Null(await LoadAsync(teacherOfB, _student));
        Assert.Null(await LoadAsync(Principal("nobody", []), _student));
        Assert.Null(await LoadAsync(Admin(), Guid.NewGuid()));
        Assert.Equal("김하늘", (await LoadAsync(teacherOfA, _student))?.Name);
        Assert.Equal("김하늘", (await LoadAsync(Principal("staff-id", [Roles.Staff]), _student))?.Name);
    }

    [Fact]
    public async Task Profile_ListsEveryInterventionNewestFirst_WithStatusProgressAndWeakAreasByPriority()
    {
        var profile = await LoadAsync(Admin(), _student);

        Assert.NotNull(profile);
        Assert.Equal([(InterventionType.Auto, InterventionStatus.Completed), (InterventionType.TeacherRequested, InterventionStatus.Active),
            (InterventionType.Auto, InterventionStatus.Active)], profile.Interventions.Select(i => (i.Type, i.Status)));
        var auto = profile.Interventions[2];
        Assert.Equal((2, 5, 40.0), (auto.Completed, auto.Total, auto.Percent));
        Assert.Equal(["분수의 덧셈", "분수의 곱셈"], auto.WeakAreas.Select(w => w.Concept));
        Assert.Equal(0, profile.Interventions[1].Percent);
    }

    [Fact]
    public async Task Profile_ListsTheTenNewestEventsOfTheStudent_AcrossPartitions()
    {
        var profile = await LoadAsync(Admin(), _student);

        Assert.NotNull(profile);
        Assert.Equal(Enumerable.Range(2, 10).Reverse().Select(i => $"개념 {i}"), profile.LatestEvents.Select(e => e.Concept));
        var newest = profile.LatestEvents[0];
        Assert.Equal(At("2026-03-10T00:00:00Z"), newest.OccurredAt);
        Assert.Equal((EventType.Test, 6, "correct"), (newest.EventType, newest.SourceNode, newest.Result));
        Assert.Equal("incorrect", profile.LatestEvents.Single(e => e.Concept == "개념 9").Result);
    }

    [Fact]
    public async Task Profile_ListsTheStudentsOwnTasks_NextDueFirst_WithoutGlobalOnes()
    {
        var profile = await LoadAsync(Admin(), _student);

        Assert.NotNull(profile);
        Assert.Equal(["daily_report", "reminder"], profile.Tasks.Select(t => t.TaskType));
        Assert.Equal(("0 9 * * *", At("2026-03-11T00:00:00Z")), (profile.Tasks[0].CronExpression, profile.Tasks[0].NextRunAt));
        Assert.Equal((ScheduleType.Interval, 7200, ScheduledTaskStatus.Paused),
            (profile.Tasks[1].ScheduleType, profile.Tasks[1].IntervalSeconds, profile.Tasks[1].Status));
    }

    [Fact]
    public async Task AClassmatesProfile_HasOnlyTheirOwnRecords()
    {
        var profile = await LoadAsync(Admin(), _classmate);

        Assert.NotNull(profile);
        Assert.Single(profile.Interventions);
        Assert.Equal(["다른 학생"], profile.LatestEvents.Select(e => e.Concept));
        Assert.Single(profile.Tasks);
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    private async Task<StudentProfileView?> LoadAsync(ClaimsPrincipal user, Guid id)
    {
        var services = new ServiceCollection()
            .AddHttpContextAccessor()
            .AddScoped<CurrentUser>()
            .AddScoped<SchoolScope>()
            .AddScoped<StudentProfile>()
            .AddScoped<IDbContextFactory<StudentHubDbContext>>(_ => new FixtureContextFactory(database))
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(user);
        return await scope.ServiceProvider.GetRequiredService<StudentProfile>().LoadAsync(id);
    }

    private async Task<ClaimsPrincipal> TeacherOfAsync(string school)
    {
        var id = "teacher-" + Guid.NewGuid().ToString("N")[..8];
        await using var db = database.CreateDbContext();
        db.Users.Add(new ApplicationUser { Id = id, UserName = id, Schools = [new UserSchool { SchoolId = school }] });
        await db.SaveChangesAsync();
        return Principal(id, [Roles.Teacher]);
    }

    private static ClaimsPrincipal Admin() => Principal("admin-id", [Roles.Admin]);

    private static ClaimsPrincipal Principal(string id, string[] roles) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, id), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));

    private sealed class FixtureContextFactory(DatabaseFixture database) : IDbContextFactory<StudentHubDbContext>
    {
        public StudentHubDbContext CreateDbContext() => database.CreateDbContext();
    }
}
