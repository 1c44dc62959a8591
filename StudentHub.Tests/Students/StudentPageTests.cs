using System.Globalization;
using System.Text.Json;
using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>The student page in English: the profile, metadata in words, interventions, events, tasks, and the History tab.</summary>
public class StudentPageTests(DatabaseFixture database) : StudentComponentTest(database), IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Metadata_ReadsInWords_AndKeysTheHubDoesNotKnowAreListedAsStored()
    {
        var id = await StudentPageData.SeedAsync(Database);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);

        var page = Render<StudentPage>(p => p.Add(s => s.Id, id));

        page.WaitForElement("[data-testid=student-metadata]", Patience);
        Assert.Equal("Visual", Field(page, "learning_style"));
        Assert.Equal(["Mathematics", "Robotics", "origami"], Chips(page, "interests"));
        Assert.Equal("No", Field(page, "special_needs"));
        Assert.Equal("KakaoTalk", Field(page, "notification_method"));
        Assert.Equal("Weekly", Field(page, "report_frequency"));
        Assert.Equal("blue", Field(page, "favourite_colour"));
        // As PostgreSQL's jsonb writes it back.
        Assert.Equal("""{"name": "체스부", "since": 2025}""", Field(page, "club"));
        Assert.Equal("22:00-07:00", Field(page, "parent_preferences.quiet_hours"));
    }

    [Fact]
    public async Task Profile_ShowsTheRecordWithTimesInTheReadersZone()
    {
        var id = await StudentPageData.SeedAsync(Database);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);

        var page = Render<StudentPage>(p => p.Add(s => s.Id, id));

        page.WaitForElement("[data-testid=student-profile]", Patience);
        Assert.Equal("정하늘", page.Find("[data-testid=student-name]").TextContent.Trim());
        Assert.Equal(StudentPageData.School, Field(page, "school"));
        Assert.Equal("6", Field(page, "grade"));
        Assert.Equal("3반", Field(page, "class"));
        Assert.Equal("07", Field(page, "number"));
        Assert.Equal("haneul@school.kr", Field(page, "email"));
        Assert.Equal("010-1234-5678", Field(page, "parent_contact"));
        Assert.Equal("No", Field(page, "graduated"));
        // 2026-03-02 00:30 UTC is 09:30 in Seoul (ICU puts a narrow no-break space before AM).
        Assert.Equal("3/2/2026 9:30 AM", Field(page, "created").Replace('\u202F', ' '));
        Assert.Equal("/students/" + id + "/timeline", page.Find("[data-testid=timeline-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task Interventions_ShowProgressAndWeakAreas_EventsAndTasksInWords()
    {
        var id = await StudentPageData.SeedAsync(Database);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);

        var page = Render<StudentPage>(p => p.Add(s => s.Id, id));

        page.WaitForElement("[data-testid=intervention]", Patience);
        var intervention = page.Find("[data-testid=intervention]");
        Assert.Contains("Automatic intervention", intervention.TextContent);
        Assert.Equal("3 of 4 steps done", intervention.QuerySelector("[data-testid=intervention-steps]")!.TextContent.Trim());
        Assert.Equal("75", intervention.QuerySelector("[data-testid=intervention-progress] [role=progressbar]")?.GetAttribute("aria-valuenow")
            ?? intervention.QuerySelector("[role=progressbar]")!.GetAttribute("aria-valuenow"));
        Assert.Equal(["분수의 나눗셈", "40%", "85%", "1"],
            intervention.QuerySelectorAll("[data-testid=weak-area] td").Select(c => c.TextContent.Trim()));

        var events = page.FindAll("[data-testid=event]");
        Assert.Single(events);
        Assert.Equal(["Test", "3", "소수의 곱셈", "Partly correct"], events[0].QuerySelectorAll("td").Skip(1).Select(c => c.TextContent.Trim()));

        var task = page.Find("[data-testid=task]");
        Assert.Equal("Daily report", task.QuerySelector("td")!.TextContent.Trim());
        Assert.Equal("Daily at 09:00", task.QuerySelector("[data-testid=task-schedule]")!.TextContent.Trim());
        Assert.Equal("0 9 * * *", task.QuerySelector("[data-testid=task-cron]")!.TextContent.Trim());
        Assert.Equal("Active", task.QuerySelectorAll("td")[2].TextContent.Trim());
        // An admin may manage the scheduler: the task opens there.
        var taskId = await TaskIdAsync(id);
        Assert.Equal($"/scheduler/{taskId}", task.QuerySelector("[data-testid=task-link]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task HistoryTab_ShowsTheStudentsAuditTrail()
    {
        var id = await StudentPageData.SeedAsync(Database);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = Render<StudentPage>(p => p.Add(s => s.Id, id));
        page.WaitForElement("[data-testid=student-profile]", Patience);
        Assert.Empty(page.FindAll("[data-testid=entity-history]"));

        page.WaitForAssertion(() => page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "History").Click(), Patience);

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=history-entry]")), Patience);
        Assert.Equal("관리자 김하늘", page.Find("[data-testid=history-who]").TextContent.Trim());
    }

    [Fact]
    public async Task Admins_GetTheEditButton()
    {
        var id = await StudentPageData.SeedAsync(Database);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);

        var page = Render<StudentPage>(p => p.Add(s => s.Id, id));

        page.WaitForElement("[data-testid=student-profile]", Patience);
        Assert.Equal($"/students/{id}/edit", page.Find("[data-testid=edit-student]").GetAttribute("href"));
    }

    [Fact]
    public async Task ATeacherOfTheSchool_ReadsThePage_WithoutTheEditButton()
    {
        var id = await StudentPageData.SeedAsync(Database);
        await using (var db = Database.CreateDbContext())
        {
            db.Users.Add(Account("teacher-page", "교사", StudentPageData.School));
            await db.SaveChangesAsync();
        }
        SignIn("teacher-page", "teacher@school.kr", Roles.Teacher);

        var page = Render<StudentPage>(p => p.Add(s => s.Id, id));

        page.WaitForElement("[data-testid=student-profile]", Patience);
        Assert.Equal("정하늘", page.Find("[data-testid=student-name]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=edit-student]"));
        // Teachers may not manage the scheduler: the task reads in words, without a link.
        Assert.Equal("Daily at 09:00", page.Find("[data-testid=task-schedule]").TextContent.Trim());
        Assert.Equal("Daily report", page.Find("[data-testid=task] td").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=task-link]"));
    }

    private async Task<Guid> TaskIdAsync(Guid studentId)
    {
        await using var db = Database.CreateDbContext();
        return await db.ScheduledTasks.Where(t => t.StudentId == studentId).Select(t => t.Id).SingleAsync();
    }

    internal static string Field(IRenderedComponent<StudentPage> page, string field) =>
        page.Find($"tr[data-field='{field}'] td").TextContent.Trim();

    internal static List<string> Chips(IRenderedComponent<StudentPage> page, string field) =>
        page.FindAll($"tr[data-field='{field}'] .mud-chip").Select(c => c.TextContent.Trim()).ToList();
}

/// <summary>The same page in Korean: every word the metadata and records show is translated.</summary>
public class StudentPageKoreanTests(DatabaseFixture database) : StudentComponentTest(database, "ko-KR"), IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Metadata_ReadsInKoreanWords()
    {
        var id = await StudentPageData.SeedAsync(Database);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);

        var page = Render<StudentPage>(p => p.Add(s => s.Id, id));

        page.WaitForElement("[data-testid=student-metadata]", Patience);
        Assert.Equal("시각형", StudentPageTests.Field(page, "learning_style"));
        Assert.Equal(["수학", "로봇", "origami"], StudentPageTests.Chips(page, "interests"));
        Assert.Equal("아니요", StudentPageTests.Field(page, "special_needs"));
        Assert.Equal("카카오톡", StudentPageTests.Field(page, "notification_method"));
        Assert.Equal("매주", StudentPageTests.Field(page, "report_frequency"));
        Assert.Contains("학습 특성", page.Markup);
        Assert.Equal("4단계 중 3단계 완료", page.Find("[data-testid=intervention-steps]").TextContent.Trim());
        Assert.Equal(["시험", "3", "소수의 곱셈", "부분 정답"], page.Find("[data-testid=event]").QuerySelectorAll("td").Skip(1).Select(c => c.TextContent.Trim()));
        var task = page.Find("[data-testid=task]");
        Assert.Equal(["일일 리포트", "매일 09:00", "0 9 * * *", "활성"],
            new[] { task.QuerySelector("td")!, task.QuerySelector("[data-testid=task-schedule]")!, task.QuerySelector("[data-testid=task-cron]")!, task.QuerySelectorAll("td")[2] }
                .Select(c => c.TextContent.Trim()));
        Assert.Contains(page.FindAll(".mud-tab"), t => t.TextContent.Trim() == "변경 이력");
    }
}

/// <summary>One student with every kind of record the page shows, created once per test database.</summary>
internal static class StudentPageData
{
    public const string School = "PAGE_A";

    public static async Task<Guid> SeedAsync(DatabaseFixture database)
    {
        await using (var check = database.CreateDbContext())
        {
            var existing = await check.Students.Where(s => s.SchoolId == School).Select(s => (Guid?)s.Id).SingleOrDefaultAsync();
            if (existing is { } id)
                return id;
        }

        var student = new Student
        {
            Name = "정하늘", SchoolId = School, Grade = 6, ClassName = "3반", StudentNumber = "07",
            Email = "haneul@school.kr", ParentContact = "010-1234-5678",
            CreatedAt = DateTimeOffset.Parse("2026-03-02T00:30:00Z", CultureInfo.InvariantCulture),
            Metadata = new StudentMetadata
            {
                LearningStyle = "visual",
                Interests = ["math", "robotics", "origami"],
                SpecialNeeds = false,
                ParentPreferences = new ParentPreferences
                {
                    NotificationMethod = "kakao",
                    ReportFrequency = "weekly",
                    Other = new() { ["quiet_hours"] = JsonSerializer.SerializeToElement("22:00-07:00") },
                },
                Other = new()
                {
                    ["favourite_colour"] = JsonSerializer.SerializeToElement("blue"),
                    ["club"] = JsonDocument.Parse("""{"name":"체스부","since":2025}""").RootElement.Clone(),
                },
            },
        };
        // Created through an audited context, as the app creates it: the History tab has one entry to show.
        await using var db = database.CreateDbContext(new Actor("admin-page-actor", "관리자 김하늘"));
        db.Students.Add(student);
        db.Interventions.Add(new Intervention
        {
            Student = student, Type = InterventionType.Auto,
            Progress = new InterventionProgress { Completed = 3, Total = 4 },
            WeakAreas = [new WeakArea { Concept = "분수의 나눗셈", CurrentMastery = 0.4, TargetMastery = 0.85, Priority = 1 }],
        });
        db.LearningHistory.Add(new LearningEvent
        {
            Student = student, SourceNode = 3, EventType = EventType.Test,
            OccurredAt = DateTimeOffset.Parse("2026-03-03T01:00:00Z", CultureInfo.InvariantCulture),
            Content = new EventContent { Concept = "소수의 곱셈", Result = "partial" },
        });
        db.ScheduledTasks.Add(new ScheduledTask
        {
            Student = student, TaskType = "daily_report", ScheduleType = ScheduleType.Cron, CronExpression = "0 9 * * *",
            NextRunAt = DateTimeOffset.Parse("2026-03-04T00:00:00Z", CultureInfo.InvariantCulture),
        });
        await db.SaveChangesAsync();
        return student.Id;
    }

    private sealed record Actor(string? UserId, string? UserName) : StudentHub.Data.IAuditActor;
}
