using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Tests.Students;
using StudentHub.Web.Activity;

namespace StudentHub.Tests.Activity;

/// <summary>
/// The activity page over a real database: the latest events with their students, filters in the URL, and events
/// stored after the page rendered arriving by themselves. Each live test watches a school of its own.
/// </summary>
public class ActivityPageTests : StudentComponentTest, IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string SchoolA = "PAGE_A";
    private const string SchoolB = "PAGE_B";
    private static readonly DateTimeOffset Now = RecentActivityTests.Now;

    // Read when the page first asks for its options, so a test may set it before rendering.
    private TimeSpan _pollInterval = TimeSpan.FromMilliseconds(50);

    public ActivityPageTests(DatabaseFixture database) : base(database)
    {
        Services.AddSingleton<TimeProvider>(new StoppedClock(Now));
        Services.AddActivity();
        Services.Configure<ActivityOptions>(o => o.PollInterval = _pollInterval);
    }

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Database.CreateDbContext();
        if (await db.Students.AnyAsync(s => s.SchoolId == SchoolA))
            return;
        db.Users.Add(Account("teacher-page-a", "교사 A", SchoolA));
        var sky = new Student { Name = "김하늘", SchoolId = SchoolA, Grade = 10 };
        var wind = new Student { Name = "이바람", SchoolId = SchoolA, Grade = 11 };
        var cloud = new Student { Name = "최구름", SchoolId = SchoolB, Grade = 9 };
        db.Students.AddRange(sky, wind, cloud);
        await db.SaveChangesAsync();
        // 60 events of school A, an hour apart, the newest 김하늘's; school B's three are the newest of all.
        db.LearningHistory.AddRange(Enumerable.Range(0, 60).Select(i => RecentActivityTests.Event(i % 2 == 0 ? sky.Id : wind.Id, Now.AddHours(-i - 1), i)));
        db.LearningHistory.AddRange(Enumerable.Range(0, 3).Select(i => RecentActivityTests.Event(cloud.Id, Now.AddMinutes(-i - 1), 100 + i)));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Teacher_SeesTheLatestEventsOfTheirSchool_WithStudentNamesLinkingToProfileAndTimeline()
    {
        SignIn("teacher-page-a", "teacher-page-a@school.kr", Roles.Teacher);
        var sky = await StudentIdAsync("김하늘");

        var page = RenderAt<ActivityPage>("/activity");

        page.WaitForAssertion(() => Assert.Equal(50, Items(page).Count), Patience);
        Assert.Equal(["김하늘", "이바람", "김하늘"], Names(page).Take(3));
        Assert.DoesNotContain("최구름", Names(page));
        var first = Items(page)[0];
        Assert.Equal($"/students/{sky}", first.QuerySelector("[data-testid=event-student]")!.GetAttribute("href"));
        Assert.Equal($"/students/{sky}/timeline", first.QuerySelector("[data-testid=activity-timeline]")!.GetAttribute("href"));
        Assert.Equal($"{SchoolA} · grade 10", first.QuerySelector("[data-testid=activity-school]")!.TextContent.Trim());
        Assert.Contains(SchoolA, page.Find("[data-testid=activity-scope]").TextContent);
        Assert.Contains("30 days", page.Find("[data-testid=activity-scope]").TextContent);

        Interact(page, () => page.Find("[data-testid=load-older]").Click());

        page.WaitForAssertion(() => Assert.Equal(60, Items(page).Count), Patience);
        Assert.Empty(page.FindAll("[data-testid=load-older]"));
        Assert.Contains("30 days", page.Find("[data-testid=activity-end]").TextContent);
    }

    [Fact]
    public void ChoosingASchool_NarrowsTheList_AndPutsItInTheUrl()
    {
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderAt<ActivityPage>("/activity");
        page.WaitForAssertion(() => Assert.Contains("최구름", Names(page)), Patience);

        Choose(page, "filter-school", SchoolB);

        page.WaitForAssertion(() => Assert.Equal(["최구름", "최구름", "최구름"], Names(page)), Patience);
        Assert.Equal(SchoolB, Query()["school"]);
    }

    [Fact]
    public void ChoosingATypeAndANode_NarrowsTheList_AndPutsThemInTheUrl()
    {
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderAt<ActivityPage>($"/activity?school={SchoolA}");
        page.WaitForAssertion(() => Assert.Equal(50, Items(page).Count), Patience);

        Choose(page, "filter-type", "Test");
        page.WaitForAssertion(() => Assert.Equal(["test"], Items(page).Select(Type).Distinct()), Patience);
        // Events cycle types by i % 5 and nodes by i % 6: the tests (i = 1, 6, 11 …) on node 2 are i = 1, 31.
        Choose(page, "filter-node", "Node 2");

        page.WaitForAssertion(() => Assert.Equal(2, Items(page).Count), Patience);
        Assert.Equal("test", Query()["type"]);
        Assert.Equal("2", Query()["node"]);
    }

    [Fact]
    public void FiltersInTheUrl_AreAppliedOnLoad()
    {
        SignIn("admin-page", "admin@school.kr", Roles.Admin);

        var page = RenderAt<ActivityPage>($"/activity?school={SchoolA}&type=review,assessment&concept=probability");

        // i % 5 in {3, 4} and i % 4 == 2: i = 14, 18, 34, 38, 54, 58.
        page.WaitForAssertion(() => Assert.Equal(6, Items(page).Count), Patience);
        Assert.All(Items(page), i => Assert.Contains(Type(i), new[] { "review", "assessment" }));
        Assert.Equal("probability", page.Find("input[data-testid=filter-concept]").GetAttribute("value"));
    }

    [Fact]
    public async Task AnEventStoredAfterRendering_SlidesInAtTheTop_MarkedNew_WithoutAReload()
    {
        var student = await NewSchoolAsync("PAGE_LIVE1", "정새봄", events: 2);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderAt<ActivityPage>("/activity?school=PAGE_LIVE1");
        page.WaitForAssertion(() => Assert.Equal(2, Items(page).Count), Patience);
        Assert.Empty(page.FindAll("[data-testid=new-count]"));

        await AddEventAsync(student, Now.AddSeconds(-1), 500);

        page.WaitForAssertion(() => Assert.Equal(3, Items(page).Count), Patience);
        Assert.Equal("PROB_500", Problem(Items(page)[0]));
        Assert.Contains("activity-new", Items(page)[0].ClassList);
        Assert.DoesNotContain("activity-new", Items(page)[1].ClassList);
        Assert.Equal("1 new", page.Find("[data-testid=new-count]").TextContent.Trim());

        Interact(page, () => page.Find("[data-testid=new-count]").Click());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=new-count]")), Patience);
        Assert.DoesNotContain("activity-new", Items(page)[0].ClassList);
    }

    [Fact]
    public async Task WhilePaused_NothingArrives_AndResumingBringsWhatCameMeanwhile()
    {
        var student = await NewSchoolAsync("PAGE_LIVE2", "한여름", events: 1);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderAt<ActivityPage>("/activity?school=PAGE_LIVE2");
        page.WaitForAssertion(() => Assert.Single(Items(page)), Patience);

        Interact(page, () => page.Find("[data-testid=live-toggle]").Click());
        page.WaitForAssertion(() => Assert.Equal("Paused", page.Find("[data-testid=live-status]").TextContent.Trim()), Patience);
        await AddEventAsync(student, Now.AddSeconds(-1), 600);
        // Ten poll intervals: had polling gone on, the event would be shown by now.
        await Task.Delay(_pollInterval * 10);
        Assert.Single(Items(page));

        Interact(page, () => page.Find("[data-testid=live-toggle]").Click());

        page.WaitForAssertion(() => Assert.Equal("PROB_600", Problem(Items(page)[0])), Patience);
        Assert.Equal("Live", page.Find("[data-testid=live-status]").TextContent.Trim());
    }

    [Fact]
    public async Task AfterLoadingOlder_ArrivalsWaitBehindAButton_SoTheListDoesNotMove()
    {
        var student = await NewSchoolAsync("PAGE_LIVE3", "윤가을", events: 55);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderAt<ActivityPage>("/activity?school=PAGE_LIVE3");
        page.WaitForAssertion(() => Assert.Equal(50, Items(page).Count), Patience);
        Interact(page, () => page.Find("[data-testid=load-older]").Click());
        page.WaitForAssertion(() => Assert.Equal(55, Items(page).Count), Patience);

        await AddEventAsync(student, Now.AddSeconds(-1), 700);

        page.WaitForAssertion(() => Assert.Contains("1 new", page.Find("[data-testid=show-new]").TextContent), Patience);
        Assert.Equal(55, Items(page).Count);
        Assert.NotEqual("PROB_700", Problem(Items(page)[0]));

        Interact(page, () => page.Find("[data-testid=show-new]").Click());

        page.WaitForAssertion(() => Assert.Equal("PROB_700", Problem(Items(page)[0])), Patience);
        Assert.Equal(50, Items(page).Count);
        Assert.Contains("activity-new", Items(page)[0].ClassList);
        Assert.Empty(page.FindAll("[data-testid=show-new]"));
    }

    [Fact]
    public async Task EventsStoredThroughThisInstance_ArriveAtOnce_WithoutWaitingForThePoll()
    {
        _pollInterval = TimeSpan.FromHours(1);
        var student = await NewSchoolAsync("PAGE_LIVE4", "서겨울", events: 1);
        SignIn("admin-page", "admin@school.kr", Roles.Admin);
        var page = RenderAt<ActivityPage>("/activity?school=PAGE_LIVE4");
        page.WaitForAssertion(() => Assert.Single(Items(page)), Patience);

        await AddEventAsync(student, Now.AddSeconds(-1), 800);
        Services.GetRequiredService<ActivityNotifier>().NotifyEventsStored();

        page.WaitForAssertion(() => Assert.Equal("PROB_800", Problem(Items(page)[0])), Patience);
    }

    private async Task<Guid> NewSchoolAsync(string school, string name, int events)
    {
        await using var db = Database.CreateDbContext();
        var student = new Student { Name = name, SchoolId = school, Grade = 8 };
        db.Students.Add(student);
        await db.SaveChangesAsync();
        db.LearningHistory.AddRange(Enumerable.Range(0, events).Select(i => RecentActivityTests.Event(student.Id, Now.AddHours(-i - 1), i)));
        await db.SaveChangesAsync();
        return student.Id;
    }

    private async Task AddEventAsync(Guid student, DateTimeOffset at, int i)
    {
        await using var db = Database.CreateDbContext();
        db.LearningHistory.Add(RecentActivityTests.Event(student, at, i));
        await db.SaveChangesAsync();
    }

    private async Task<Guid> StudentIdAsync(string name)
    {
        await using var db = Database.CreateDbContext();
        return await db.Students.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    private Dictionary<string, string> Query() =>
        QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    private static List<AngleSharp.Dom.IElement> Items(IRenderedComponent<ContainerFragment> page) =>
        page.FindAll("[data-testid=activity-item]").ToList();

    private static List<string> Names(IRenderedComponent<ContainerFragment> page) =>
        Items(page).Select(i => i.QuerySelector("[data-testid=event-student]")!.TextContent.Trim()).ToList();

    private static string? Type(AngleSharp.Dom.IElement item) =>
        item.QuerySelector("[data-testid=event-card]")!.GetAttribute("data-event-type");

    // The sentence names the problem: "Solved PROB_500 correctly in 9 min".
    private static string? Problem(AngleSharp.Dom.IElement item) =>
        item.QuerySelector("[data-testid=event-sentence]")!.TextContent.Split(' ').FirstOrDefault(w => w.StartsWith("PROB_", StringComparison.Ordinal));
}
