using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Activity;
using StudentHub.Web.Timeline;

namespace StudentHub.Tests.Activity;

/// <summary>The activity list across schools against a real, partitioned learning_history: scope, filters, paging, arrivals.</summary>
public class RecentActivityTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 9, 15, 12, 0, 0, TimeSpan.Zero);
    private const string SchoolA = "ACT_A";
    private const string SchoolB = "ACT_B";
    private static readonly string[] Concepts = ["fractions", "linear_equations", "probability", "quadratic_functions"];

    private Guid _a1;

    public async Task InitializeAsync()
    {
        await using var db = database.CreateDbContext();
        if (await db.Students.AnyAsync(s => s.SchoolId == SchoolA))
        {
            _a1 = await IdOfAsync("김가람");
            return;
        }
        db.Users.Add(AppComponentTest.Account("teacher-act-a", "교사 A", SchoolA));
        var a1 = new Student { Name = "김가람", SchoolId = SchoolA, Grade = 7 };
        var a2 = new Student { Name = "이나래", SchoolId = SchoolA, Grade = 8 };
        var b1 = new Student { Name = "박바다", SchoolId = SchoolB, Grade = 9 };
        db.Students.AddRange(a1, a2, b1);
        await db.SaveChangesAsync();
        _a1 = a1.Id;

        // 180 events, one every 4 hours back from now across a month boundary, every third sharing its timestamp with
        // the one before (ties cross page boundaries); students, types, nodes and concepts cycle. Three more are older
        // than the window.
        Guid[] students = [a1.Id, a2.Id, b1.Id];
        var events = new List<LearningEvent>();
        for (var i = 0; i < 180; i++)
            events.Add(Event(students[i % 3], Now.AddHours(-4 * (i - (i % 3 == 2 ? 1 : 0)) - 1), i));
        for (var i = 0; i < 3; i++)
            events.Add(Event(students[i], Now - RecentActivity.Window - TimeSpan.FromHours(i + 1), i));
        db.LearningHistory.AddRange(events);
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Teacher_SeesOnlyTheirSchoolsEvents_StaffSeeEverySchool()
    {
        var teacher = await PageThroughAsync(Teacher(), ActivityFilter.None);
        var staff = await PageThroughAsync(Staff(), ActivityFilter.None);

        var inWindow = await StoredAsync(e => e.OccurredAt >= Now - RecentActivity.Window);
        Assert.All(teacher, i => Assert.Equal(SchoolA, i.SchoolId));
        Assert.Equal(inWindow.Where(e => e.Student!.SchoolId == SchoolA).Select(e => e.Id).Order(), teacher.Select(i => i.Event.Id).Order());
        Assert.Equal(inWindow.Select(e => e.Id).Order(), staff.Select(i => i.Event.Id).Order());
        Assert.Contains(staff, i => i.SchoolId == SchoolB);
    }

    [Fact]
    public async Task Teacher_AskingForAnotherSchool_GetsNothing_NotItsEvents()
    {
        var page = await Teacher().LatestAsync(ActivityFilter.None with { SchoolId = SchoolB }, null);

        Assert.Empty(page.Items);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task LoadOlder_ReturnsEveryEventOnce_NewestFirst_IncludingEqualTimestamps()
    {
        var all = await PageThroughAsync(Staff(), ActivityFilter.None);

        Assert.Equal(180, all.Count);
        Assert.Equal(all.Count, all.Select(i => i.Event.Id).Distinct().Count());
        Assert.Equal(all, all.OrderByDescending(i => i.Event.OccurredAt).ThenByDescending(i => i.Event.Id));
        Assert.True(all.GroupBy(i => i.Event.OccurredAt).Any(g => g.Count() > 1), "the data has equal timestamps");
        // Page boundaries fall inside a tie: 50 is not a multiple of three.
        Assert.Equal(all[RecentActivity.PageSize - 1].Event.OccurredAt, all[RecentActivity.PageSize].Event.OccurredAt);
    }

    [Fact]
    public async Task EventsOlderThanTheWindow_AreNeverListed()
    {
        var all = await PageThroughAsync(Staff(), ActivityFilter.None);

        Assert.All(all, i => Assert.True(i.Event.OccurredAt >= Now - RecentActivity.Window));
        Assert.Equal(3, (await StoredAsync(e => e.OccurredAt < Now - RecentActivity.Window)).Count);
    }

    [Fact]
    public async Task Items_CarryTheStudentsNameSchoolAndGrade()
    {
        var newest = (await Staff().LatestAsync(ActivityFilter.None, null)).Items[0];

        Assert.Equal(_a1, newest.StudentId);
        Assert.Equal(("김가람", SchoolA, 7), (newest.StudentName, newest.SchoolId, newest.Grade));
    }

    [Fact]
    public async Task TypeFilter_KeepsOnlyThoseTypes()
    {
        var filter = Filter(new TimelineFilter { EventTypes = new HashSet<EventType> { EventType.Test, EventType.Review } });

        var all = await PageThroughAsync(Staff(), filter);

        await AssertSameAsync(e => e.EventType == EventType.Test || e.EventType == EventType.Review, all);
    }

    [Fact]
    public async Task NodeFilter_KeepsOnlyThoseNodes()
    {
        var all = await PageThroughAsync(Staff(), Filter(new TimelineFilter { SourceNodes = new HashSet<int> { 2, 5 } }));

        await AssertSameAsync(e => e.SourceNode == 2 || e.SourceNode == 5, all);
    }

    [Fact]
    public async Task SchoolFilter_KeepsOnlyThatSchool()
    {
        var all = await PageThroughAsync(Staff(), ActivityFilter.None with { SchoolId = SchoolB });

        await AssertSameAsync(e => e.Student!.SchoolId == SchoolB, all);
    }

    [Fact]
    public async Task ConceptFilter_MatchesTheConceptExactly_WithinTheTeachersScope()
    {
        var all = await PageThroughAsync(Teacher(), Filter(new TimelineFilter { Concept = "probability" }));

        var expected = (await StoredAsync(e => e.OccurredAt >= Now - RecentActivity.Window && e.Student!.SchoolId == SchoolA))
            .Where(e => e.Content.Concept == "probability").Select(e => e.Id).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, all.Select(i => i.Event.Id).Order());
    }

    [Fact]
    public async Task Sql_UsesContainmentAndARowComparison_NeverArrowTextOrOffset()
    {
        await using var db = database.CreateDbContext();
        var sql = RecentActivity.Query(db, Filter(new TimelineFilter { Concept = "fractions" }), new HashSet<string> { SchoolA }, Now.AddDays(-30),
            new TimelineCursor(Now, 10)).Take(51).ToQueryString();

        Assert.Contains("@>", sql);
        Assert.Contains("(l.occurred_at, l.id) < (", sql);
        Assert.DoesNotContain("->>", sql);
        Assert.DoesNotContain("OFFSET", sql, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Plan_ForATeacher_IsAnOrderedAppendOfTheOccurredAtIndex_WithNoFullSort()
    {
        await using var db = database.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync("ANALYZE learning_history; ANALYZE students");
        await db.Database.OpenConnectionAsync();
        // At this size the planner would as soon read everything and sort it; with a full sort priced out, what remains
        // shows that the partitions' occurred_at indexes deliver the order, only ties left to the incremental sort.
        // (On 2 million events the planner picks this plan by itself: see RecentActivity's remarks.)
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off; SET enable_hashjoin = off");
        await using var explain = RecentActivity.Query(db, ActivityFilter.None, new HashSet<string> { SchoolA }, Now.AddDays(-30), null)
            .Take(51).CreateDbCommand();
        explain.CommandText = "EXPLAIN " + explain.CommandText;

        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                lines.Add(reader.GetString(0));
        var plan = string.Join('\n', lines);

        Assert.True(plan.Contains("Append"), plan);
        Assert.True(plan.Contains("occurred_at_idx"), plan);
        Assert.True(plan.Contains("Incremental Sort"), plan);
        Assert.DoesNotContain(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*(->\s+)?Sort\s+\("));
    }

    private RecentActivity Teacher() => ActivityTestKit.Teacher(database, "teacher-act-a", Now);

    private RecentActivity Staff() => ActivityTestKit.Staff(database, Now);

    private static ActivityFilter Filter(TimelineFilter events) => ActivityFilter.None with { Events = events };

    private static async Task<List<ActivityItem>> PageThroughAsync(RecentActivity activity, ActivityFilter filter)
    {
        var all = new List<ActivityItem>();
        TimelineCursor? cursor = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await activity.LatestAsync(filter, cursor);
            all.AddRange(page.Items);
            if (page.Next is null)
                return all;
            Assert.Equal(RecentActivity.PageSize, page.Items.Count);
            cursor = page.Next;
        }
        throw new InvalidOperationException("The list never ended.");
    }

    private async Task AssertSameAsync(System.Linq.Expressions.Expression<Func<LearningEvent, bool>> predicate, List<ActivityItem> listed)
    {
        var expected = (await StoredAsync(predicate)).Where(e => e.OccurredAt >= Now - RecentActivity.Window).Select(e => e.Id).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, listed.Select(i => i.Event.Id).Order());
    }

    private async Task<List<LearningEvent>> StoredAsync(System.Linq.Expressions.Expression<Func<LearningEvent, bool>> predicate)
    {
        await using var db = database.CreateDbContext();
        return await db.LearningHistory.AsNoTracking().Include(e => e.Student)
            .Where(e => e.Student!.SchoolId == SchoolA || e.Student.SchoolId == SchoolB)
            .Where(predicate).ToListAsync();
    }

    private async Task<Guid> IdOfAsync(string name)
    {
        await using var db = database.CreateDbContext();
        return await db.Students.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    public static LearningEvent Event(Guid studentId, DateTimeOffset at, int i) => new()
    {
        StudentId = studentId,
        OccurredAt = at,
        EventType = (EventType)(i % 5),
        SourceNode = i % 6 + 1,
        Content = new EventContent
        {
            Concept = Concepts[i % Concepts.Length],
            Result = i % 2 == 0 ? "correct" : "incorrect",
            ProblemId = $"PROB_{i}",
            TimeSpent = 60 + i,
        },
    };
}
