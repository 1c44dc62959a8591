using System.Security.Claims;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Interventions;
using StudentHub.Web.Localization;
using static StudentHub.Tests.Interventions.InterventionTestKit;

namespace StudentHub.Tests.Interventions;

/// <summary>The intervention list's queries on a real database: each filter, each sort, paging, and a teacher's schools.</summary>
public class InterventionDirectoryTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly ClaimsPrincipal Admin = Principal("admin-directory", "관리자", Roles.Admin);
    private static readonly ClaimsPrincipal TeacherOfA = Principal("teacher-directory-a", "교사", Roles.Teacher);
    private readonly TimeProvider _clock = new StoppedClock(Now);
    private InterventionData _data = default!;

    public async Task InitializeAsync()
    {
        _data = await InterventionData.SeedAsync(database);
        await using var db = database.CreateDbContext();
        if (!db.Users.Any(u => u.Id == "teacher-directory-a"))
        {
            db.Users.Add(AppComponentTest.Account("teacher-directory-a", "교사", InterventionData.SchoolA));
            await db.SaveChangesAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Unfiltered_ListsEveryIntervention_NewestFirst_WithWhatTheRowShows()
    {
        var page = await ListAsync(InterventionFilter.None);

        Assert.Equal(6, page.Total);
        Assert.Equal([_data.B1Cancelled, _data.A2Stalled, _data.B1Stalled, _data.A1Active, _data.A1Paused, _data.A2Completed], Ids(page));
        var stalled = page.Rows[1];
        Assert.Equal(("라마바", InterventionData.SchoolA, 5, InterventionType.Auto, InterventionStatus.Active),
            (stalled.StudentName, stalled.SchoolId, stalled.Grade, stalled.Type, stalled.Status));
        // Weak areas by priority, not as stored.
        Assert.Equal(["비와 비율", "분수의 덧셈"], stalled.Concepts);
        Assert.Equal((0, 3, 0.0, true), (stalled.Completed, stalled.Total, stalled.Percent, stalled.Stalled));
        var active = page.Rows[3];
        Assert.Equal((1, 4, 25.0, false), (active.Completed, active.Total, active.Percent, active.Stalled));
        Assert.Equal(At("2026-03-01T00:00:00Z"), active.CreatedAt);
        Assert.Equal(At("2026-02-01T00:00:00Z"), page.Rows[5].CompletedAt);
        Assert.Equal([false, true, true, false, false, false], page.Rows.Select(r => r.Stalled));
    }

    [Fact]
    public async Task ByStatus_AndByType()
    {
        Assert.Equal([_data.A2Stalled, _data.B1Stalled, _data.A1Active], Ids(await ListAsync(new InterventionFilter(Status: InterventionStatus.Active))));
        Assert.Equal([_data.A1Paused], Ids(await ListAsync(new InterventionFilter(Status: InterventionStatus.Paused))));
        Assert.Equal([_data.B1Stalled, _data.A1Paused], Ids(await ListAsync(new InterventionFilter(Type: InterventionType.TeacherRequested))));
    }

    [Fact]
    public async Task BySchool_AndByGrade()
    {
        Assert.Equal([_data.B1Cancelled, _data.B1Stalled], Ids(await ListAsync(new InterventionFilter(SchoolId: InterventionData.SchoolB))));
        Assert.Equal([_data.A2Stalled, _data.A2Completed], Ids(await ListAsync(new InterventionFilter(Grade: 5))));
    }

    [Fact]
    public async Task ByConcept_MatchesAWeakAreaExactly_WhateverItsPriority()
    {
        Assert.Equal([_data.A2Stalled, _data.B1Stalled, _data.A1Active], Ids(await ListAsync(new InterventionFilter(Concept: "분수의 덧셈"))));
        Assert.Equal([_data.A1Paused], Ids(await ListAsync(new InterventionFilter(Concept: "도형"))));
        // Containment is of the whole concept, not a fragment of it.
        Assert.Empty(Ids(await ListAsync(new InterventionFilter(Concept: "분수"))));
    }

    [Fact]
    public async Task ByCreatedDays_InTheReadersZone()
    {
        var twentieth = new DateOnly(2026, 3, 20);

        Assert.Equal([_data.B1Cancelled], Ids(await ListAsync(new InterventionFilter(CreatedFrom: twentieth, CreatedTo: twentieth))));
        Assert.Empty(Ids(await ListAsync(new InterventionFilter(CreatedFrom: twentieth, CreatedTo: twentieth), daysIn: TimeZoneInfo.Utc)));
        Assert.Equal([_data.A2Stalled, _data.B1Stalled, _data.A1Active],
            Ids(await ListAsync(new InterventionFilter(CreatedFrom: new DateOnly(2026, 3, 1), CreatedTo: new DateOnly(2026, 3, 5)), daysIn: TimeZoneInfo.Utc)));
        Assert.Equal([_data.A1Paused, _data.A2Completed], Ids(await ListAsync(new InterventionFilter(CreatedTo: new DateOnly(2026, 2, 28)))));
    }

    [Fact]
    public async Task StalledOnly_IsTheActiveOnesWithNoTickForLongerThanTheConfiguredDays()
    {
        Assert.Equal([_data.A2Stalled, _data.B1Stalled], Ids(await ListAsync(new InterventionFilter(StalledOnly: true))));

        // Fifteen and ten days without a tick: stalled after seven days, not after twelve…
        var twelve = new Dictionary<string, string?> { ["Interventions:StalledAfterDays"] = "12" };
        var page = await RunAsync<InterventionDirectory, InterventionListPage>(database, Admin, _clock,
            d => d.ListAsync(new InterventionFilter(StalledOnly: true), ReaderTimeZone.Seoul, InterventionSortColumn.Created, true, 0, 25), twelve);
        Assert.Equal([_data.A2Stalled], Ids(page));
        // …and a paused one never is, however long it waits.
        Assert.Empty(Ids(await ListAsync(new InterventionFilter(Status: InterventionStatus.Paused, StalledOnly: true))));
    }

    [Fact]
    public async Task Filters_Combine()
    {
        var filter = new InterventionFilter(Status: InterventionStatus.Active, SchoolId: InterventionData.SchoolA, Concept: "분수의 덧셈", Type: InterventionType.Auto);

        Assert.Equal([_data.A2Stalled, _data.A1Active], Ids(await ListAsync(filter)));
    }

    public static TheoryData<InterventionSortColumn, bool, string[]> Sorts => new()
    {
        // Ties fall back to newest first.
        { InterventionSortColumn.Student, false, ["A1Active", "A1Paused", "A2Stalled", "A2Completed", "B1Cancelled", "B1Stalled"] },
        { InterventionSortColumn.Student, true, ["B1Cancelled", "B1Stalled", "A2Stalled", "A2Completed", "A1Active", "A1Paused"] },
        { InterventionSortColumn.School, true, ["B1Cancelled", "B1Stalled", "A1Active", "A1Paused", "A2Stalled", "A2Completed"] },
        { InterventionSortColumn.Grade, false, ["A1Active", "A1Paused", "B1Cancelled", "B1Stalled", "A2Stalled", "A2Completed"] },
        { InterventionSortColumn.Type, false, ["B1Cancelled", "A2Stalled", "A1Active", "A2Completed", "B1Stalled", "A1Paused"] },
        // The lifecycle's order: active, paused, completed, cancelled.
        { InterventionSortColumn.Status, false, ["A2Stalled", "B1Stalled", "A1Active", "A1Paused", "A2Completed", "B1Cancelled"] },
        // By the concept of first priority, in Korean order.
        { InterventionSortColumn.Concepts, false, ["A1Paused", "B1Stalled", "A1Active", "A2Stalled", "B1Cancelled", "A2Completed"] },
        { InterventionSortColumn.Progress, true, ["A2Completed", "B1Stalled", "A1Active", "B1Cancelled", "A2Stalled", "A1Paused"] },
        { InterventionSortColumn.Created, false, ["A2Completed", "A1Paused", "A1Active", "B1Stalled", "A2Stalled", "B1Cancelled"] },
        // Unfinished ones last either way.
        { InterventionSortColumn.Completed, true, ["A2Completed", "B1Cancelled", "A2Stalled", "B1Stalled", "A1Active", "A1Paused"] },
    };

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task SortsByEveryColumn_InSql(InterventionSortColumn sort, bool descending, string[] expected)
    {
        var page = await ListAsync(InterventionFilter.None, sort, descending);

        Assert.Equal(expected.Select(Id), Ids(page));
    }

    [Fact]
    public async Task Pages_SkipAndTake_WithTheTotalOfAllMatches()
    {
        var page = await ListAsync(InterventionFilter.None, skip: 2, take: 2);

        Assert.Equal(6, page.Total);
        Assert.Equal([_data.B1Stalled, _data.A1Active], Ids(page));
    }

    [Fact]
    public async Task ATeacher_SeesTheirSchoolsOnly_InTheList_TheFiltersOptions_AndThePage()
    {
        var page = await ListAsync(InterventionFilter.None, user: TeacherOfA);
        var otherSchool = await ListAsync(new InterventionFilter(SchoolId: InterventionData.SchoolB), user: TeacherOfA);

        Assert.Equal([_data.A2Stalled, _data.A1Active, _data.A1Paused, _data.A2Completed], Ids(page));
        Assert.Equal(4, page.Total);
        Assert.Empty(otherSchool.Rows);
        Assert.Equal(0, otherSchool.Total);
        Assert.Equal([InterventionData.SchoolA], await RunAsync<InterventionDirectory, IReadOnlyList<string>>(database, TeacherOfA, _clock, d => d.SchoolsAsync()));
        Assert.Equal([InterventionData.SchoolA, InterventionData.SchoolB],
            await RunAsync<InterventionDirectory, IReadOnlyList<string>>(database, Admin, _clock, d => d.SchoolsAsync()));
        // 삼각형 is a weak area of school B's only.
        Assert.Equal(["도형", "분수의 덧셈", "비와 비율", "소수"],
            await RunAsync<InterventionDirectory, IReadOnlyList<string>>(database, TeacherOfA, _clock, d => d.ConceptsAsync()));
        Assert.Equal(["도형", "분수의 덧셈", "비와 비율", "삼각형", "소수"],
            await RunAsync<InterventionDirectory, IReadOnlyList<string>>(database, Admin, _clock, d => d.ConceptsAsync()));
        Assert.Null(await FindAsync(_data.B1Stalled, TeacherOfA));
        Assert.NotNull(await FindAsync(_data.A1Active, TeacherOfA));
        Assert.Empty((await ListAsync(InterventionFilter.None, user: Principal("nobody", "아무개"))).Rows);
    }

    [Fact]
    public async Task Find_ReadsTheWholeIntervention_StepsInOrder_WithItsVersion()
    {
        var detail = await FindAsync(_data.A1Active, Admin);

        Assert.NotNull(detail);
        Assert.Equal(("가나다", InterventionData.SchoolA, 3, InterventionType.Auto, InterventionStatus.Active),
            (detail.StudentName, detail.SchoolId, detail.Grade, detail.Type, detail.Status));
        Assert.Equal(["분수의 덧셈", "소수"], detail.WeakAreas.Select(w => w.Concept));
        Assert.Equal([1, 2, 3, 4], detail.LearningPath.Select(s => s.Step));
        Assert.Equal((1, 4, false, false), (detail.Completed, detail.Total, detail.AllStepsDone, detail.Stalled));
        Assert.Equal("bkt", detail.Evidence?.Model);
        Assert.NotEqual(0u, detail.Version);
        Assert.True((await FindAsync(_data.A2Stalled, Admin))!.Stalled);
        Assert.Null(await FindAsync(Guid.NewGuid(), Admin));
    }

    private Task<InterventionListPage> ListAsync(
        InterventionFilter filter, InterventionSortColumn sort = InterventionSortColumn.Created, bool descending = true,
        int skip = 0, int take = 25, ClaimsPrincipal? user = null, TimeZoneInfo? daysIn = null) =>
        RunAsync<InterventionDirectory, InterventionListPage>(database, user ?? Admin, _clock,
            d => d.ListAsync(filter, daysIn ?? ReaderTimeZone.Seoul, sort, descending, skip, take));

    private Task<InterventionDetail?> FindAsync(Guid id, ClaimsPrincipal user) =>
        RunAsync<InterventionDirectory, InterventionDetail?>(database, user, _clock, d => d.FindAsync(id));

    private static List<Guid> Ids(InterventionListPage page) => page.Rows.Select(r => r.Id).ToList();

    private Guid Id(string name) => name switch
    {
        "A1Active" => _data.A1Active,
        "A1Paused" => _data.A1Paused,
        "A2Stalled" => _data.A2Stalled,
        "A2Completed" => _data.A2Completed,
        "B1Stalled" => _data.B1Stalled,
        _ => _data.B1Cancelled,
    };
}
