using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Browser;

/// <summary>
/// A teacher reads a student's timeline in a real browser: signed in, finds the student by searching the list for part
/// of the name (a classmate who does not match is left out), opens the student, then the timeline with the fifty
/// newest events, the rest with "Load more" (ties on the instant neither lost nor repeated), then one concept, kept in
/// the URL across a reload.
/// </summary>
public class TimelineJourneyTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string School = "TLJ_A";
    private const int EventCount = 75;
    private static readonly string[] Concepts = ["분수의 덧셈", "원", "약수와 배수"];

    private BrowserSession _browser = default!;
    private Guid _student;
    private List<long> _newestFirst = [];

    public async Task InitializeAsync()
    {
        _browser = await BrowserSession.StartAsync(database);
        await using var db = database.CreateDbContext();
        var student = new Student { Name = "윤타임", SchoolId = School, Grade = 6, ClassName = "2반", StudentNumber = "05" };
        // A classmate the search must leave out: same school, same family name.
        db.Students.Add(new Student { Name = "윤하늘", SchoolId = School, Grade = 6, ClassName = "2반", StudentNumber = "06" });
        var start = new DateTimeOffset(2026, 2, 2, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < EventCount; i++)
        {
            db.LearningHistory.Add(new LearningEvent
            {
                // Every third event shares the instant of the one before: the page boundary falls inside such a pair.
                Student = student, OccurredAt = start.AddMinutes(30 * (i - (i % 3 == 2 ? 1 : 0))),
                EventType = (EventType)(i % 5), SourceNode = i % 6 + 1,
                Content = new EventContent
                {
                    ProblemId = $"PROB_{i:D3}", Concept = Concepts[i % 3], Result = i % 2 == 0 ? "correct" : "incorrect",
                    TimeSpent = 45 + 10 * i, HintsUsed = i % 3, Difficulty = 0.55,
                },
            });
        }
        db.Interventions.Add(new Intervention
        {
            Student = student, Type = InterventionType.Auto, CreatedAt = start.AddMinutes(30 * 60 + 15),
            WeakAreas = [new WeakArea { Concept = "원", CurrentMastery = 0.4, Priority = 1 }],
        });
        db.Students.Add(student);
        await db.SaveChangesAsync();
        _student = student.Id;
        _newestFirst = await db.LearningHistory.Where(e => e.StudentId == _student)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Select(e => e.Id).ToListAsync();
    }

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task Teacher_SignsIn_SearchesAStudent_OpensTheTimeline_LoadsMore_AndFiltersByConcept()
    {
        var email = await TestAccounts.CreateAsync(_browser.Factory, Roles.Teacher, School);
        var page = await _browser.NewPageAsync();
        await _browser.RunJourneyAsync(page, "timeline-journey", async () =>
        {
            await _browser.SignInAsync(page, email);
            await BrowserSession.WaitForInteractivityAsync(page);
            await page.GotoAsync("/students");
            await BrowserSession.WaitForInteractivityAsync(page);
            var links = page.GetByTestId("student-link");
            await Assertions.Expect(links).ToHaveTextAsync(["윤타임", "윤하늘"]);

            await page.GetByTestId("student-search").FillAsync("타임");

            await Assertions.Expect(links).ToHaveTextAsync(["윤타임"]);
            await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"[?&]q=%ED%83%80%EC%9E%84"));
            await Assertions.Expect(page.GetByTestId("student-total")).ToHaveTextAsync("학생 1명");
            await BrowserSession.ScreenshotAsync(page, "timeline-search");

            await links.First.ClickAsync();

            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/students/{_student}$"));
            await Assertions.Expect(page.GetByTestId("student-name")).ToHaveTextAsync("윤타임");
            await BrowserSession.WaitForInteractivityAsync(page);
            await page.GetByTestId("timeline-link").ClickAsync();

            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/students/{_student}/timeline$"));
            var cards = page.GetByTestId("event-card");
            await Assertions.Expect(cards).ToHaveCountAsync(50);
            await BrowserSession.WaitForInteractivityAsync(page);
            Assert.Equal(_newestFirst.Take(50), await IdsAsync(page));
            await Assertions.Expect(page.GetByTestId("timeline-count")).ToHaveTextAsync("이벤트 50개 표시");
            await Assertions.Expect(page.GetByTestId("breadcrumbs")).ToContainTextAsync("윤타임");
            await Assertions.Expect(cards.First.GetByTestId("event-sentence")).ToHaveTextAsync("PROB_074 문제를 13분 만에 정답, 힌트 2회, 난이도 0.55");
            await BrowserSession.ScreenshotAsync(page, "timeline-first-page");

            await page.GetByTestId("load-more").ClickAsync();

            await Assertions.Expect(cards).ToHaveCountAsync(EventCount);
            Assert.Equal(_newestFirst, await IdsAsync(page));
            await Assertions.Expect(page.GetByTestId("timeline-end")).ToHaveTextAsync("더 이상 이벤트가 없습니다");
            await Assertions.Expect(page.GetByTestId("intervention-mark")).ToHaveTextAsync(new Regex("학습 처방 시작: 원"));

            await page.GetByTestId("filters-toggle").ClickAsync();
            await page.GetByTestId("filter-concept").FillAsync("원");
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^원$") }).ClickAsync();

            await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"\?concept=%EC%9B%90$"));
            await Assertions.Expect(cards).ToHaveCountAsync(EventCount / 3);
            Assert.Equal(Enumerable.Repeat("원", EventCount / 3), await cards.GetByTestId("event-concept").AllInnerTextsAsync());
            await Assertions.Expect(page.GetByTestId("timeline-count")).ToHaveTextAsync($"이벤트 {EventCount / 3}개 표시");
            // The full-page shot is taken from the top, where the filter is.
            await page.EvaluateAsync("window.scrollTo(0, 0)");
            await BrowserSession.ScreenshotAsync(page, "timeline-concept");

            // The URL is the view: loaded again, it shows the same concept.
            await page.ReloadAsync();
            await BrowserSession.WaitForInteractivityAsync(page);
            await Assertions.Expect(cards).ToHaveCountAsync(EventCount / 3);
            await Assertions.Expect(page.GetByTestId("filter-summary")).ToHaveTextAsync("개념: 원");
            await page.GetByTestId("filters-toggle").ClickAsync();
            await Assertions.Expect(page.GetByTestId("filter-concept")).ToHaveValueAsync("원");
        });
    }

    private static async Task<List<long>> IdsAsync(IPage page) =>
        (await page.GetByTestId("event-card").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.eventId)"))
        .Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList();
}
