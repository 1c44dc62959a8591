using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Activity;

namespace StudentHub.Tests.Activity;

/// <summary>Live updates' query: what was stored after a list was read, by arrival rather than by when it happened.</summary>
public class ActivityArrivalsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset Now = RecentActivityTests.Now;

    [Fact]
    public async Task NewerThan_ReturnsOnlyWhatWasStoredSince_InScope_EvenWhenItHappenedEarlier()
    {
        var (a, b) = (await NewStudentAsync("김새봄", "ARR_A"), await NewStudentAsync("박여름", "ARR_B"));
        await AddAsync(Enumerable.Range(0, 5).Select(i => RecentActivityTests.Event(a, Now.AddHours(-i - 1), i)));
        await AddAsync([AppComponentTest.Account("teacher-arr-a", "교사 A", "ARR_A")]);
        var teacher = ActivityTestKit.Teacher(database, "teacher-arr-a", Now);
        var shown = await teacher.LatestAsync(ActivityFilter.None, null);
        var newest = shown.Items[0].Event.OccurredAt;

        await AddAsync([
            RecentActivityTests.Event(a, newest.AddMinutes(1), 1000),
            // Reported late by its node: it happened before the newest event shown, and still is new to the reader.
            RecentActivityTests.Event(a, newest.AddHours(-6), 1001),
            RecentActivityTests.Event(b, newest.AddMinutes(2), 1002),
        ]);
        var arrivals = await teacher.NewerThanAsync(ActivityFilter.None, shown.Mark);
        var again = await teacher.NewerThanAsync(ActivityFilter.None, arrivals.Mark);

        Assert.Equal(5, shown.Items.Count);
        Assert.Equal(["PROB_1000", "PROB_1001"], arrivals.Items.Select(i => i.Event.Content.ProblemId));
        Assert.Equal("김새봄", arrivals.Items[0].StudentName);
        Assert.False(arrivals.More);
        Assert.Empty(again.Items);
        Assert.Equal(arrivals.Mark, again.Mark);
        Assert.True(arrivals.Mark.LastId > shown.Mark.LastId);
    }

    [Fact]
    public async Task NewerThan_KeepsTheFilter()
    {
        var student = await NewStudentAsync("이가을", "ARR_FILTER");
        var filter = ActivityFilter.None with { SchoolId = "ARR_FILTER", Events = new() { SourceNodes = new HashSet<int> { 3 } } };
        var staff = ActivityTestKit.Staff(database, Now);
        var before = await staff.LatestAsync(filter, null);

        // Nodes cycle with i: 2 → node 3, 3 → node 4.
        await AddAsync([RecentActivityTests.Event(student, Now.AddMinutes(-1), 2), RecentActivityTests.Event(student, Now.AddMinutes(-2), 3)]);
        var arrivals = await staff.NewerThanAsync(filter, before.Mark);

        Assert.Equal([3], arrivals.Items.Select(i => i.Event.SourceNode));
    }

    [Fact]
    public async Task NewerThan_AfterABurst_BringsAtMostOneBatch_AndTheRestNext_WithoutLoss()
    {
        var student = await NewStudentAsync("최겨울", "ARR_BURST");
        var filter = ActivityFilter.None with { SchoolId = "ARR_BURST" };
        var staff = ActivityTestKit.Staff(database, Now);
        var before = await staff.LatestAsync(filter, null);

        await AddAsync(Enumerable.Range(0, RecentActivity.MaxArrivals + 20).Select(i => RecentActivityTests.Event(student, Now.AddMinutes(-i), 2000 + i)));
        var first = await staff.NewerThanAsync(filter, before.Mark);
        var second = await staff.NewerThanAsync(filter, first.Mark);

        Assert.Empty(before.Items);
        Assert.Equal(RecentActivity.MaxArrivals, first.Items.Count);
        Assert.True(first.More);
        Assert.Equal(20, second.Items.Count);
        Assert.False(second.More);
        Assert.Equal(RecentActivity.MaxArrivals + 20, first.Items.Concat(second.Items).Select(i => i.Event.Id).Distinct().Count());
    }

    private async Task<Guid> NewStudentAsync(string name, string school)
    {
        await using var db = database.CreateDbContext();
        var student = new Student { Name = name, SchoolId = school, Grade = 10 };
        db.Students.Add(student);
        await db.SaveChangesAsync();
        return student.Id;
    }

    private async Task AddAsync(IEnumerable<object> rows)
    {
        await using var db = database.CreateDbContext();
        db.AddRange(rows);
        await db.SaveChangesAsync();
    }
}
