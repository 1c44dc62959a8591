using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Security;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>The student list's queries against a real roster: each filter, Korean order, trigram search, school scope.</summary>
public class StudentDirectoryTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string SchoolA = "DIR_A";
    private const string SchoolB = "DIR_B";

    public async Task InitializeAsync()
    {
        await using var db = database.CreateDbContext();
        if (await db.Students.AnyAsync(s => s.SchoolId == SchoolA))
            return;
        db.Students.AddRange(
            Student("김철수", SchoolA, 10, "1반", "01", "visual"),
            Student("이철수", SchoolA, 10, "2반", "02", "auditory"),
            Student("박영희", SchoolA, 11, "1반", "03", "visual", graduated: true),
            Student("가나다", SchoolA, 9, "3반", "04", "kinesthetic"),
            Student("Alice Kim", SchoolA, 10, "1반", "05", null),
            Student("최철수", SchoolB, 10, "1반", "01", "visual"),
            Student("100%_학생", SchoolB, 12, "1반", "02", null));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TrigramSearch_FindsAFragmentOfAName()
    {
        var page = await ListAsync(Admin(), new StudentFilter(Search: "철수", SchoolId: SchoolA));

        Assert.Equal(["김철수", "이철수"], page.Rows.Select(r => r.Name));
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task Search_TreatsWildcardsAsText()
    {
        var page = await ListAsync(Admin(), new StudentFilter(Search: "%_"));

        Assert.Equal(["100%_학생"], page.Rows.Select(r => r.Name));
    }

    [Fact]
    public async Task Names_SortInKoreanOrder_HangulBeforeLatin_BothWays()
    {
        var ascending = await ListAsync(Admin(), new StudentFilter(SchoolId: SchoolA));
        var descending = await ListAsync(Admin(), new StudentFilter(SchoolId: SchoolA), descending: true);

        Assert.Equal(["가나다", "김철수", "박영희", "이철수", "Alice Kim"], ascending.Rows.Select(r => r.Name));
        Assert.Equal(["Alice Kim", "이철수", "박영희", "김철수", "가나다"], descending.Rows.Select(r => r.Name));
    }

    [Fact]
    public async Task EachFilter_Narrows()
    {
        Assert.Equal(["김철수", "이철수", "Alice Kim"], await NamesAsync(new StudentFilter(SchoolId: SchoolA, Grade: 10)));
        Assert.Equal(["김철수", "박영희", "Alice Kim"], await NamesAsync(new StudentFilter(SchoolId: SchoolA, ClassName: "1반")));
        Assert.Equal(["김철수", "박영희"], await NamesAsync(new StudentFilter(SchoolId: SchoolA, LearningStyle: "visual")));
        Assert.Equal(["박영희"], await NamesAsync(new StudentFilter(SchoolId: SchoolA, Graduated: true)));
        Assert.Equal(["가나다", "김철수", "이철수", "Alice Kim"], await NamesAsync(new StudentFilter(SchoolId: SchoolA, Graduated: false)));
    }

    [Fact]
    public async Task Paging_SkipsAndTakes_AndCountsTheWhole()
    {
        var page = await ListAsync(Admin(), new StudentFilter(SchoolId: SchoolA), skip: 2, take: 2);

        Assert.Equal(["박영희", "이철수"], page.Rows.Select(r => r.Name));
        Assert.Equal(5, page.Total);
        Assert.False(page.TotalIsEstimate);
    }

    [Fact]
    public async Task ATeacher_SeesOnlyTheirSchools()
    {
        await using var scope = NewScope(await TeacherOfAsync(SchoolB));
        var directory = scope.ServiceProvider.GetRequiredService<StudentDirectory>();

        var all = await directory.ListAsync(new StudentFilter(), StudentSortColumn.Name, false, 0, 50);
        var otherSchool = await directory.ListAsync(new StudentFilter(SchoolId: SchoolA), StudentSortColumn.Name, false, 0, 50);

        Assert.Equal(["100%_학생", "최철수"], all.Rows.Select(r => r.Name));
        Assert.Empty(otherSchool.Rows);
        Assert.Equal([SchoolB], await directory.SchoolsAsync());
    }

    private async Task<List<string>> NamesAsync(StudentFilter filter) =>
        (await ListAsync(Admin(), filter)).Rows.Select(r => r.Name).ToList();

    private async Task<StudentListPage> ListAsync(ClaimsPrincipal user, StudentFilter filter, bool descending = false, int skip = 0, int take = 50)
    {
        await using var scope = NewScope(user);
        return await scope.ServiceProvider.GetRequiredService<StudentDirectory>()
            .ListAsync(filter, StudentSortColumn.Name, descending, skip, take);
    }

    private AsyncServiceScope NewScope(ClaimsPrincipal user)
    {
        var services = new ServiceCollection()
            .AddHttpContextAccessor()
            .AddScoped<CurrentUser>()
            .AddScoped<SchoolScope>()
            .AddScoped<StudentDirectory>()
            .AddScoped<IDbContextFactory<StudentHubDbContext>>(_ => new FixtureContextFactory(database))
            .BuildServiceProvider();
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(user);
        return scope;
    }

    private static ClaimsPrincipal Admin() => Principal("admin-id", Roles.Admin);

    private async Task<ClaimsPrincipal> TeacherOfAsync(string school)
    {
        var id = "teacher-" + Guid.NewGuid().ToString("N")[..8];
        await using var db = database.CreateDbContext();
        db.Users.Add(new ApplicationUser { Id = id, UserName = id, Schools = [new UserSchool { SchoolId = school }] });
        await db.SaveChangesAsync();
        return Principal(id, Roles.Teacher);
    }

    private static ClaimsPrincipal Principal(string id, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, id), new Claim(ClaimTypes.Role, role)], "test"));

    private static Student Student(string name, string school, int grade, string className, string number, string? style, bool graduated = false) => new()
    {
        Name = name,
        SchoolId = school,
        Grade = grade,
        ClassName = className,
        StudentNumber = number,
        Metadata = new StudentMetadata { LearningStyle = style },
        GraduatedAt = graduated ? new DateOnly(2026, 2, 14) : null,
    };

    private sealed class FixtureContextFactory(DatabaseFixture database) : IDbContextFactory<StudentHubDbContext>
    {
        public StudentHubDbContext CreateDbContext() => database.CreateDbContext();
    }
}
