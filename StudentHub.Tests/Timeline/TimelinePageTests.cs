using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Students;
using StudentHub.Web.Shell;
using StudentHub.Web.Timeline;

namespace StudentHub.Tests.Timeline;

/// <summary>
/// The timeline page over a real database: fifty newest first, more on the keyset cursor, filters written into the URL,
/// a content search that does not read refused beside its field, interventions marked where they began and ended.
/// </summary>
public class TimelinePageTests(DatabaseFixture database) : TimelinePageTest(database), IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task FirstPage_ShowsTheFiftyNewest_NewestFirst()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        SignInTeacher();

        var page = RenderTimeline(data.StudentId);

        page.WaitForAssertion(() => Assert.Equal(50, Cards(page).Count), Patience);
        Assert.Equal(data.NewestFirst.Take(50), CardIds(page));
        Assert.Equal("정하람", page.Find("[data-testid=timeline-student]").TextContent.Trim());
        Assert.Equal($"/students/{data.StudentId}", page.Find("[data-testid=timeline-student]").GetAttribute("href"));
        Assert.Equal("Showing 50 events", page.Find("[data-testid=timeline-count]").TextContent.Trim());
        Assert.Single(page.FindAll("[data-testid=load-more]"));
        Assert.Empty(page.FindAll("[data-testid=timeline-end]"));
        // The newest event, in words, at the reader's time (Seoul until the browser says otherwise).
        var newest = Cards(page)[0];
        Assert.Equal("Partly solved PROB_119 in 4 min, 3 hints, difficulty 0.7", newest.QuerySelector("[data-testid=event-sentence]")!.TextContent.Trim());
        Assert.Equal("3/6/2026 7:00 AM", newest.QuerySelector("[data-testid=event-time]")!.TextContent.Trim().Replace('\u202F', ' '));
        Assert.Equal("Node 6", newest.QuerySelector("[data-testid=event-node]")!.TextContent.Trim());
    }

    [Fact]
    public async Task LoadMore_AppendsTheNextFifty_WithoutRepeats_UntilNoMore()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        SignInTeacher();
        var page = RenderTimeline(data.StudentId);
        page.WaitForAssertion(() => Assert.Equal(50, Cards(page).Count), Patience);

        Interact(page, () => page.Find("[data-testid=load-more]").Click());

        page.WaitForAssertion(() => Assert.Equal(100, Cards(page).Count), Patience);
        Assert.Equal(data.NewestFirst.Take(100), CardIds(page));

        Interact(page, () => page.Find("[data-testid=load-more]").Click());

        page.WaitForAssertion(() => Assert.Equal(TimelinePageData.EventCount, Cards(page).Count), Patience);
        Assert.Equal(data.NewestFirst, CardIds(page));
        Assert.Equal("No more events", page.Find("[data-testid=timeline-end]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=load-more]"));
    }

    [Fact]
    public async Task TypeFilter_NarrowsToThatType_AndIsWrittenIntoTheUrl()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        SignInTeacher();
        var page = RenderTimeline(data.StudentId);
        page.WaitForAssertion(() => Assert.Equal(50, Cards(page).Count), Patience);

        OpenFilters(page);
        Interact(page, () => page.Find("[data-testid=filter-type]").Closest(".mud-input-control")!.MouseDown());
        page.WaitForAssertion(() => page.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "Test"), Patience);
        Interact(page, () => page.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "Test").Click());

        var tests = await data.StoredAsync(Database, e => e.EventType == EventType.Test);
        page.WaitForAssertion(() => Assert.Equal(tests, CardIds(page)), Patience);
        Assert.All(Cards(page), c => Assert.Equal("test", c.GetAttribute("data-event-type")));
        Assert.EndsWith($"/students/{data.StudentId}/timeline?type=test", Navigation.Uri);
        Assert.Equal("No more events", page.Find("[data-testid=timeline-end]").TextContent.Trim());
    }

    [Fact]
    public async Task ConceptChosenFromTheStudentsConcepts_NarrowsAndIsWrittenIntoTheUrl()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        SignInTeacher();
        var page = RenderTimeline(data.StudentId);
        page.WaitForAssertion(() => Assert.Equal(50, Cards(page).Count), Patience);

        OpenFilters(page);
        Interact(page, () => page.Find("[data-testid=filter-concept]").Input("배수"));
        page.WaitForAssertion(() => Assert.Equal(["약수와 배수"], page.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim())), Patience);
        Interact(page, () => page.FindAll(".mud-popover-open .mud-list-item").Single().Click());

        var expected = await data.StoredAsync(Database, e => true, e => e.Content.Concept == "약수와 배수");
        page.WaitForAssertion(() => Assert.Equal(expected.Take(50), CardIds(page)), Patience);
        Assert.All(Cards(page), c => Assert.Equal("약수와 배수", c.QuerySelector("[data-testid=event-concept]")!.TextContent.Trim()));
        Assert.EndsWith("/timeline?concept=" + Uri.EscapeDataString("약수와 배수"), Navigation.Uri);
    }

    [Fact]
    public async Task FiltersInTheUrl_AreShown_AndNarrowTheTimeline()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        SignInTeacher();

        var page = RenderTimeline(data.StudentId, "?concept=%EC%9B%90&node=2,3&type=study,review,bogus");

        var expected = await data.StoredAsync(Database,
            e => (e.SourceNode == 2 || e.SourceNode == 3) && (e.EventType == EventType.Study || e.EventType == EventType.Review),
            e => e.Content.Concept == "원");
        Assert.NotEmpty(expected);
        page.WaitForAssertion(() => Assert.Equal(expected, CardIds(page)), Patience);
        // Closed, the fields are one line saying what narrows the timeline; opened, they hold the same.
        Assert.Empty(page.FindAll("[data-testid=timeline-filters]"));
        Assert.Equal("Event types: Study, Review · Source nodes: Node 2, Node 3 · Concept: 원",
            page.Find("[data-testid=filter-summary]").TextContent.Trim());

        OpenFilters(page);

        Assert.Empty(page.FindAll("[data-testid=filter-summary]"));
        Assert.Equal("true", page.Find("[data-testid=filters-toggle]").GetAttribute("aria-expanded"));
        Assert.Equal("Study, Review", page.Find("[data-testid=filter-type]").GetAttribute("value"));
        Assert.Equal("Node 2, Node 3", page.Find("[data-testid=filter-node]").GetAttribute("value"));
        Assert.Equal("원", page.Find("[data-testid=filter-concept]").GetAttribute("value"));
    }

    [Fact]
    public async Task ClearingFromTheClosedLine_ShowsEveryEventAgain_AndEmptiesTheUrl()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        SignInTeacher();
        var page = RenderTimeline(data.StudentId, "?concept=%EC%9B%90");
        var circles = await data.StoredAsync(Database, e => true, e => e.Content.Concept == "원");
        page.WaitForAssertion(() => Assert.Equal(circles.Take(50), CardIds(page)), Patience);
        Assert.Equal("Concept: 원", page.Find("[data-testid=filter-summary]").TextContent.Trim());

        Interact(page, () => page.Find("[data-testid=clear-filters]").Click());

        page.WaitForAssertion(() => Assert.Equal(data.NewestFirst.Take(50), CardIds(page)), Patience);
        Assert.Empty(page.FindAll("[data-testid=filter-summary]"));
        Assert.Empty(page.FindAll("[data-testid=clear-filters]"));
        Assert.Empty(page.FindAll("[data-testid=timeline-filters]"));
        Assert.EndsWith($"/students/{data.StudentId}/timeline", Navigation.Uri);
    }

    [Fact]
    public async Task DateRange_IsTheReadersDays_FromMidnightToTheNextMidnight()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        SignInTeacher();

        var page = RenderTimeline(data.StudentId, "?from=2026-03-03&to=2026-03-04");

        // Seoul's 3 and 4 March: from 2 March 15:00 UTC up to, not including, 4 March 15:00 UTC.
        var from = new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 3, 4, 15, 0, 0, TimeSpan.Zero);
        var expected = await data.StoredAsync(Database, e => e.OccurredAt >= from && e.OccurredAt < to);
        Assert.Equal(48, expected.Count);
        page.WaitForAssertion(() => Assert.Equal(expected, CardIds(page)), Patience);
        Assert.Equal("Showing 48 events", page.Find("[data-testid=timeline-count]").TextContent.Trim());
    }

    [Fact]
    public async Task ABadContentSearch_ShowsWhyBesideTheField_AndDoesNotQuery_AGoodOneNarrows()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        SignInTeacher();
        var page = RenderTimeline(data.StudentId);
        page.WaitForAssertion(() => Assert.Equal(50, Cards(page).Count), Patience);

        OpenFilters(page);
        Interact(page, () => page.Find("[data-testid=filter-content]").Change("just words"));

        page.WaitForAssertion(() => Assert.Equal(
            "Search for key=value (problem_id=PROB_456) or a JSON object ({\"result\": \"incorrect\"}).",
            SearchMessage(page)), Patience);
        Assert.EndsWith($"/students/{data.StudentId}/timeline", Navigation.Uri);
        Assert.Equal(data.NewestFirst.Take(50), CardIds(page));

        Interact(page, () => page.Find("[data-testid=filter-content]").Change("result=incorrect"));

        var incorrect = await data.StoredAsync(Database, e => true, e => e.Content.Result == "incorrect");
        page.WaitForAssertion(() => Assert.Equal(incorrect, CardIds(page)), Patience);
        Assert.Equal("key=value or a JSON object", SearchMessage(page));
        Assert.Empty(page.FindAll("[data-testid=content-search-field] .mud-input-error"));
        Assert.EndsWith("/timeline?q=result%3Dincorrect", Navigation.Uri);
    }

    [Fact]
    public async Task ABadContentSearchInTheUrl_IsRefused_WithNoEventsShown()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        SignInTeacher();

        var page = RenderTimeline(data.StudentId, "?q=%7B%22result%22%3A");

        page.WaitForAssertion(() => Assert.StartsWith("The search is not valid JSON",
            SearchMessage(page)), Patience);
        Assert.Empty(Cards(page));
        Assert.Empty(page.FindAll("[data-testid=timeline-empty]"));
    }

    [Fact]
    public async Task Interventions_AreMarkedWhereTheyStartedAndEnded_OlderMarksOnceTheTimelineReachesThem()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        SignInTeacher();
        var page = RenderTimeline(data.StudentId);
        page.WaitForAssertion(() => Assert.Equal(50, Cards(page).Count), Patience);

        // Newest first: events 119…112, completed (110.5 h), 111…101, started (100.5 h), 100…70. The older interventions wait.
        var rows = Rows(page);
        Assert.Equal(52, rows.Count);
        Assert.Equal(["event:112", "completed", "event:111"], Around(rows, "completed", data));
        Assert.Equal(["event:101", "started", "event:100"], Around(rows, "started", data));
        Assert.Equal("Intervention started: 분수의 덧셈, 원", page.FindAll("[data-testid=intervention-mark][data-mark=started] [data-testid=mark-text]")[0].TextContent.Trim());
        Assert.Equal("Intervention completed: 분수의 덧셈, 원", page.Find("[data-testid=intervention-mark][data-mark=completed] [data-testid=mark-text]").TextContent.Trim());

        Interact(page, () => page.Find("[data-testid=load-more]").Click());
        page.WaitForAssertion(() => Assert.Equal(100, Cards(page).Count), Patience);
        Assert.Equal(2, page.FindAll("[data-testid=intervention-mark]").Count);

        Interact(page, () => page.Find("[data-testid=load-more]").Click());
        page.WaitForAssertion(() => Assert.Equal(TimelinePageData.EventCount, Cards(page).Count), Patience);

        rows = Rows(page);
        Assert.Equal(4, page.FindAll("[data-testid=intervention-mark]").Count);
        // Event 11 shares event 10's instant (10 h), before the start at 10.5 h.
        Assert.Equal(["event:12", "started", "event:11"], Around(rows.SkipLast(1).ToList(), "started", data, last: true));
        // Older than every event: shown once there is nothing more to load, at the very end.
        Assert.Equal("started", rows[^1]);
        Assert.Equal(data.OldestInterventionId.ToString(), page.FindAll("[data-testid=intervention-mark]")[^1].GetAttribute("data-intervention-id"));
        Assert.Equal("Intervention started", page.FindAll("[data-testid=mark-text]")[^1].TextContent.Trim());
    }

    [Fact]
    public async Task AStudentWithoutEvents_AndAFilterMatchingNothing_ShowEmptyStates()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        SignInTeacher();

        var newcomer = RenderTimeline(data.NewcomerId);

        newcomer.WaitForAssertion(() => Assert.Equal("No learning events yet.", newcomer.Find("[data-testid=timeline-empty]").TextContent.Trim()), Patience);
        Assert.Equal("새학생", newcomer.Find("[data-testid=timeline-student]").TextContent.Trim());
        Assert.Empty(newcomer.FindAll("[data-testid=load-more]"));
        Assert.Empty(newcomer.FindAll("[data-testid=timeline-end]"));
        await DisposeComponentsAsync();

        var nothing = RenderTimeline(data.StudentId, "?concept=" + Uri.EscapeDataString("없는 개념"));

        nothing.WaitForAssertion(() => Assert.Equal("No events match these filters.", nothing.Find("[data-testid=timeline-empty]").TextContent.Trim()), Patience);
        Assert.Empty(Cards(nothing));
    }

    [Fact]
    public async Task ATeacherOfAnotherSchool_GetsNotFound()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        await AddAccountAsync("teacher-other", TimelinePageData.OtherSchool);
        SignIn("teacher-other", "teacher-other@school.kr", Roles.Teacher);
        var notFound = false;
        Navigation.OnNotFound += (_, _) => notFound = true;

        var page = RenderTimeline(data.StudentId);

        page.WaitForAssertion(() => Assert.True(notFound), Patience);
        Assert.Empty(page.FindAll("[data-testid=timeline-student]"));
        Assert.Empty(Cards(page));
    }

    [Fact]
    public async Task Breadcrumbs_AreStudentsThenTheStudentThenTimeline()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        SignInTeacher();
        Navigation.NavigateTo(Url(data.StudentId));

        var page = Render(builder =>
        {
            builder.OpenComponent<ShellBreadcrumbs>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudPopoverProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<StudentTimelinePage>(2);
            builder.AddComponentParameter(3, nameof(StudentTimelinePage.Id), data.StudentId);
            builder.CloseComponent();
        });

        page.WaitForAssertion(() => Assert.Equal(["Overview", "Students", "정하람", "Timeline"],
            page.FindAll("li.mud-breadcrumb-item").Select(li => li.TextContent.Trim())), Patience);
        Assert.Equal(["/", "/students", $"/students/{data.StudentId}"],
            page.FindAll("li.mud-breadcrumb-item a:not([aria-current])").Select(a => a.GetAttribute("href")));
    }

    /// <summary>The row before the mark, the mark and the row after; events named by their number in the seed.</summary>
    private static List<string> Around(List<string> rows, string mark, TimelinePageData data, bool last = false)
    {
        var at = last ? rows.LastIndexOf(mark) : rows.IndexOf(mark);
        return rows.GetRange(at - 1, 3)
            .Select(r => r.StartsWith("event:") ? "event:" + data.Number[long.Parse(r[6..], CultureInfo.InvariantCulture)] : r).ToList();
    }
}

/// <summary>The same page in Korean.</summary>
public class TimelinePageKoreanTests(DatabaseFixture database) : TimelinePageTest(database, "ko-KR"), IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Page_SpeaksKorean()
    {
        var data = await TimelinePageData.SeedAsync(Database);
        SignInTeacher();

        var page = RenderTimeline(data.StudentId);

        page.WaitForAssertion(() => Assert.Equal(50, Cards(page).Count), Patience);
        Assert.Equal("이벤트 50개 표시", page.Find("[data-testid=timeline-count]").TextContent.Trim());
        Assert.Equal("PROB_119 문제를 4분 만에 부분 정답, 힌트 3회, 난이도 0.7", Cards(page)[0].QuerySelector("[data-testid=event-sentence]")!.TextContent.Trim());
        Assert.Equal("학습 처방 시작: 분수의 덧셈, 원", page.Find("[data-testid=intervention-mark][data-mark=started] [data-testid=mark-text]").TextContent.Trim());
        Assert.Equal("더 보기", page.Find("[data-testid=load-more]").TextContent.Trim());
        Assert.Equal("필터", page.Find("[data-testid=filters-toggle]").TextContent.Trim());

        OpenFilters(page);
        Interact(page, () => page.Find("[data-testid=filter-content]").Change("{\"result\": "));
        page.WaitForAssertion(() => Assert.StartsWith("key=value(예: problem_id=PROB_456) 또는 JSON 객체",
            SearchMessage(page)), Patience);
    }
}

/// <summary>The timeline page's tests: the students pages' context with the timeline's services, signed in as a teacher of the school.</summary>
public abstract class TimelinePageTest : StudentComponentTest
{
    protected TimelinePageTest(DatabaseFixture database, string culture = "en-US") : base(database, culture) =>
        Services.AddTimeline();

    protected static string Url(Guid id) => $"/students/{id}/timeline";

    /// <summary>The page of student <paramref name="id"/> at its URL with <paramref name="query"/>, as the router would give it.</summary>
    protected IRenderedComponent<ContainerFragment> RenderTimeline(Guid id, string query = "")
    {
        Navigation.NavigateTo(Url(id) + query);
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<StudentTimelinePage>(1);
            builder.AddComponentParameter(2, nameof(StudentTimelinePage.Id), id);
            builder.CloseComponent();
        });
    }

    protected void SignInTeacher()
    {
        AddAccountAsync("teacher-timeline", TimelinePageData.School).GetAwaiter().GetResult();
        SignIn("teacher-timeline", "teacher-timeline@school.kr", Roles.Teacher);
    }

    protected async Task AddAccountAsync(string id, string school)
    {
        await using var db = Database.CreateDbContext();
        if (!await db.Users.AnyAsync(u => u.Id == id))
        {
            db.Users.Add(Account(id, id, school));
            await db.SaveChangesAsync();
        }
    }

    protected static IReadOnlyList<IElement> Cards(IRenderedComponent<ContainerFragment> page) => page.FindAll("[data-testid=event-card]");

    protected static List<long> CardIds(IRenderedComponent<ContainerFragment> page) =>
        Cards(page).Select(c => long.Parse(c.GetAttribute("data-event-id")!, CultureInfo.InvariantCulture)).ToList();

    /// <summary>Opens the filter fields, which render only once asked for.</summary>
    protected static void OpenFilters(IRenderedComponent<ContainerFragment> page)
    {
        Interact(page, () => page.Find("[data-testid=filters-toggle]").Click());
        page.WaitForElement("[data-testid=timeline-filters]", Patience);
    }

    /// <summary>The text under the content search: its hint, or why the search does not read.</summary>
    protected static string SearchMessage(IRenderedComponent<ContainerFragment> page) =>
        page.Find("[data-testid=content-search-field] .mud-input-helper-text").TextContent.Trim();

    /// <summary>The rows in order: "event:{id}", or "started"/"completed" for an intervention's mark.</summary>
    protected static List<string> Rows(IRenderedComponent<ContainerFragment> page) =>
        page.FindAll("[data-testid=timeline-rows] > [data-testid=event-card], [data-testid=timeline-rows] > [data-testid=intervention-mark]")
            .Select(r => r.GetAttribute("data-testid") == "event-card" ? "event:" + r.GetAttribute("data-event-id") : r.GetAttribute("data-mark")!)
            .ToList();
}

/// <summary>
/// One student of school TLP_A with 120 events an hour apart (every fourth sharing the instant of the one before),
/// three concepts, five types and six nodes in turn, and three interventions: one started and completed among the
/// newest fifty events, one started among the oldest, one started before any event.
/// </summary>
/// <param name="NewcomerId">A student of the same school with no events yet.</param>
public sealed record TimelinePageData(Guid StudentId, IReadOnlyList<long> NewestFirst, IReadOnlyDictionary<long, int> Number, Guid OldestInterventionId, Guid NewcomerId)
{
    public const string School = "TLP_A";
    public const string OtherSchool = "TLP_B";
    public const int EventCount = 120;

    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Concepts = ["분수의 덧셈", "약수와 배수", "원"];
    private static readonly string[] Results = ["correct", "incorrect", "partial"];

    public static DateTimeOffset At(int i) => Start.AddHours(i - (i % 4 == 3 ? 1 : 0));

    public static async Task<TimelinePageData> SeedAsync(DatabaseFixture database)
    {
        await using var db = database.CreateDbContext();
        var student = await db.Students.SingleOrDefaultAsync(s => s.SchoolId == School && s.Name == "정하람");
        if (student is null)
        {
            student = new Student { Name = "정하람", SchoolId = School, Grade = 5 };
            db.Students.AddRange(
                student,
                new Student { Name = "새학생", SchoolId = School, Grade = 5 },
                new Student { Name = "다른 학교", SchoolId = OtherSchool, Grade = 5 });
            for (var i = 0; i < EventCount; i++)
            {
                db.LearningHistory.Add(new LearningEvent
                {
                    Student = student, OccurredAt = At(i), EventType = (EventType)(i % 5), SourceNode = i % 6 + 1,
                    Content = new EventContent
                    {
                        Action = "solved_problem", ProblemId = $"PROB_{i:D3}", Concept = Concepts[i % 3], Result = Results[i % 3],
                        TimeSpent = 120 + i, HintsUsed = i % 4, Difficulty = Math.Round(0.3 + i % 5 * 0.1, 2),
                    },
                });
            }
            db.Interventions.AddRange(
                new Intervention
                {
                    Student = student, Type = InterventionType.Auto, Status = InterventionStatus.Completed,
                    CreatedAt = Start.AddHours(100.5), CompletedAt = Start.AddHours(110.5),
                    WeakAreas = [new WeakArea { Concept = "원", Priority = 2 }, new WeakArea { Concept = "분수의 덧셈", Priority = 1 }],
                },
                new Intervention
                {
                    Student = student, Type = InterventionType.TeacherRequested, CreatedAt = Start.AddHours(10.5),
                    WeakAreas = [new WeakArea { Concept = "약수와 배수", Priority = 1 }],
                },
                new Intervention { Student = student, Type = InterventionType.Auto, Status = InterventionStatus.Cancelled, CreatedAt = Start.AddHours(-5) });
            await db.SaveChangesAsync();
        }

        var events = await db.LearningHistory.AsNoTracking().Where(e => e.StudentId == student.Id)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).ToListAsync();
        var newcomer = await db.Students.Where(s => s.SchoolId == School && s.Name == "새학생").Select(s => s.Id).SingleAsync();
        var oldest = await db.Interventions.Where(i => i.StudentId == student.Id).OrderBy(i => i.CreatedAt).Select(i => i.Id).FirstAsync();
        return new TimelinePageData(
            student.Id,
            events.Select(e => e.Id).ToList(),
            events.ToDictionary(e => e.Id, e => int.Parse(e.Content.ProblemId![5..], CultureInfo.InvariantCulture)),
            oldest,
            newcomer);
    }

    /// <summary>The ids of the student's events that match, newest first, as the page should list them.</summary>
    public async Task<List<long>> StoredAsync(DatabaseFixture database, System.Linq.Expressions.Expression<Func<LearningEvent, bool>> where, Func<LearningEvent, bool>? content = null)
    {
        await using var db = database.CreateDbContext();
        var events = await db.LearningHistory.AsNoTracking().Where(e => e.StudentId == StudentId).Where(where)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).ToListAsync();
        return events.Where(content ?? (_ => true)).Select(e => e.Id).ToList();
    }
}
