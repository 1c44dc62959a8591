using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Browser;

/// <summary>
/// Finding a student in a real browser: search the list by a fragment of a name, keep the search in the URL, open the
/// student. A teacher of another school who follows the same link gets the not-found page and a 404.
/// </summary>
public class StudentJourneyTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string School = "JRN_A";
    private const string OtherSchool = "JRN_B";

    private BrowserSession _browser = default!;
    private Guid _student;

    public async Task InitializeAsync()
    {
        _browser = await BrowserSession.StartAsync(database);
        await using var db = database.CreateDbContext();
        // Each test of the class shares the database: the roster is made once.
        if (await db.Students.Where(s => s.SchoolId == School && s.StudentNumber == "11").Select(s => (Guid?)s.Id).SingleOrDefaultAsync() is { } id)
        {
            _student = id;
            return;
        }
        var student = new Student
        {
            Name = "한가람", SchoolId = School, Grade = 4, ClassName = "1반", StudentNumber = "11",
            Email = "garam@school.kr", ParentContact = "010-2345-6789",
            Metadata = new StudentMetadata
            {
                LearningStyle = "auditory", Interests = ["music", "math"], SpecialNeeds = false,
                ParentPreferences = new ParentPreferences { NotificationMethod = "kakao", ReportFrequency = "weekly" },
            },
        };
        // A little of everything the page shows, so the screenshot shows it too.
        db.Interventions.Add(new Intervention
        {
            Student = student, Type = InterventionType.Auto, Progress = new InterventionProgress { Completed = 2, Total = 5 },
            WeakAreas = [new WeakArea { Concept = "분수의 덧셈", CurrentMastery = 0.45, TargetMastery = 0.85, Priority = 1 }],
        });
        db.LearningHistory.AddRange(
            new LearningEvent
            {
                Student = student, SourceNode = 1, EventType = EventType.Study, OccurredAt = DateTimeOffset.UtcNow.AddHours(-2),
                Content = new EventContent { Concept = "분수의 덧셈", Result = "incorrect" },
            },
            new LearningEvent
            {
                Student = student, SourceNode = 2, EventType = EventType.Test, OccurredAt = DateTimeOffset.UtcNow.AddHours(-1),
                Content = new EventContent { Concept = "분수의 덧셈", Result = "correct" },
            });
        db.ScheduledTasks.Add(new ScheduledTask
        {
            Student = student, TaskType = "daily_report", ScheduleType = ScheduleType.Cron, CronExpression = "0 9 * * *",
            NextRunAt = DateTimeOffset.UtcNow.Date.AddDays(1),
        });
        db.Students.AddRange(
            student,
            new Student { Name = "한가을", SchoolId = School, Grade = 4, ClassName = "1반", StudentNumber = "12" },
            new Student { Name = "이가람", SchoolId = OtherSchool, Grade = 4, ClassName = "1반", StudentNumber = "01" });
        await db.SaveChangesAsync();
        _student = student.Id;
    }

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task Admin_SearchesAFragment_OpensTheStudent_EditsAndSeesTheChange()
    {
        var email = await TestAccounts.CreateAsync(_browser.Factory, Roles.Admin);
        var page = await _browser.NewPageAsync();
        await _browser.RunJourneyAsync(page, "student-journey", async () =>
        {
            await _browser.SignInAsync(page, email);
            await BrowserSession.WaitForInteractivityAsync(page);

            await page.GotoAsync($"/students?school={School}");
            await BrowserSession.WaitForInteractivityAsync(page);
            var links = page.GetByTestId("student-link");
            await Assertions.Expect(links).ToHaveTextAsync(["한가람", "한가을"]);

            await page.GetByTestId("student-search").FillAsync("가람");

            await Assertions.Expect(links).ToHaveTextAsync(["한가람"]);
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"[?&]q=%EA%B0%80%EB%9E%8C"));
            await Assertions.Expect(page.GetByTestId("student-total")).ToHaveTextAsync("학생 1명");
            await BrowserSession.ScreenshotAsync(page, "students-search");

            // The URL is the view: loaded again, it shows the same search.
            await page.ReloadAsync();
            await BrowserSession.WaitForInteractivityAsync(page);
            await Assertions.Expect(links).ToHaveTextAsync(["한가람"]);
            await Assertions.Expect(page.GetByTestId("student-search")).ToHaveValueAsync("가람");

            await links.First.ClickAsync();

            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/students/{_student}$"));
            await Assertions.Expect(page.GetByTestId("student-name")).ToHaveTextAsync("한가람");
            await Assertions.Expect(page.Locator("tr[data-field=learning_style] td")).ToHaveTextAsync("청각형");
            await Assertions.Expect(page.GetByTestId("breadcrumbs")).ToContainTextAsync("한가람");
            await Assertions.Expect(page.GetByTestId("edit-student")).ToBeVisibleAsync();
            await BrowserSession.ScreenshotAsync(page, "student-page");

            await page.GetByTestId("edit-student").ClickAsync();
            await page.WaitForURLAsync($"**/students/{_student}/edit");
            await BrowserSession.WaitForInteractivityAsync(page);
            await page.GetByTestId("email").FillAsync("garam.han@school.kr");
            await page.GetByTestId("save").ClickAsync();

            await page.WaitForURLAsync($"**/students/{_student}");
            await Assertions.Expect(page.Locator("tr[data-field=email] td")).ToHaveTextAsync("garam.han@school.kr");
            await BrowserSession.ScreenshotAsync(page, "student-edited");
        });
    }

    [Fact]
    public async Task ATeacherOfAnotherSchool_GetsNotFound_ForTheSameLink()
    {
        var email = await TestAccounts.CreateAsync(_browser.Factory, Roles.Teacher, OtherSchool);
        var page = await _browser.NewPageAsync();
        await _browser.SignInAsync(page, email);
        await BrowserSession.WaitForInteractivityAsync(page);

        var response = await page.GotoAsync($"/students/{_student}");
        await BrowserSession.WaitForInteractivityAsync(page);

        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Assertions.Expect(page.Locator("h4")).ToHaveTextAsync("페이지를 찾을 수 없습니다");
        Assert.Equal(0, await page.GetByTestId("student-name").CountAsync());
        await BrowserSession.ScreenshotAsync(page, "student-not-found");
    }
}
