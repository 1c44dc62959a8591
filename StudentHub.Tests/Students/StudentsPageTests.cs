using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>The student list against a real roster: rows from the database, and a filter that lives in the URL.</summary>
public class StudentsPageTests(DatabaseFixture database) : StudentComponentTest(database), IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string SchoolA = "LIST_A";
    private const string SchoolB = "LIST_B";

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Database.CreateDbContext();
        if (!await db.Students.AnyAsync(s => s.SchoolId == SchoolA))
        {
            db.Users.Add(Account("teacher-list-b", "교사 B", SchoolB));
            db.Students.AddRange(
                Student("이철수", SchoolA, 10, "2반", "02", "auditory"),
                Student("김철수", SchoolA, 10, "1반", "01", "visual"),
                Student("가나다", SchoolA, 9, "3반", "04", "kinesthetic"),
                Student("박영희", SchoolA, 10, "1반", "03", "visual", graduated: true),
                Student("최철수", SchoolB, 10, "1반", "01", "visual"));
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public void List_ShowsTheSchoolsStudentsFromTheDatabase_InKoreanOrder_WithTheTotal()
    {
        SignIn("admin-list", "admin@school.kr", Roles.Admin);

        var page = RenderAt<StudentsPage>($"/students?school={SchoolA}");

        page.WaitForAssertion(() => Assert.Equal(["가나다", "김철수", "박영희", "이철수"], Names(page)), Patience);
        Assert.Equal("4 students", page.Find("[data-testid=student-total]").TextContent.Trim());
        var kim = Row(page, "김철수");
        Assert.Equal(["김철수", SchoolA, "10", "1반", "01", "", "Visual", ""], Cells(kim));
        Assert.StartsWith("Graduated ", Cells(Row(page, "박영희"))[7]);
    }

    [Fact]
    public void FiltersInTheUrl_AreAppliedOnLoad_AndShownInTheControls()
    {
        SignIn("admin-list", "admin@school.kr", Roles.Admin);

        var page = RenderAt<StudentsPage>($"/students?school={SchoolA}&grade=10&graduated=no&q=%EC%B2%A0%EC%88%98");

        page.WaitForAssertion(() => Assert.Equal(["김철수", "이철수"], Names(page)), Patience);
        Assert.Equal("2 students", page.Find("[data-testid=student-total]").TextContent.Trim());
        Assert.Equal("철수", page.Find("input[data-testid=student-search]").GetAttribute("value"));
        Assert.Contains(SchoolA, SelectText(page, "filter-school"));
        Assert.Contains("10", SelectText(page, "filter-grade"));
        Assert.Contains("Enrolled", SelectText(page, "filter-graduated"));
        Assert.Equal($"/students/export.csv?q=%EC%B2%A0%EC%88%98&school={SchoolA}&grade=10&graduated=no",
            page.Find("[data-testid=export-csv]").GetAttribute("href"));
    }

    [Fact]
    public void ChangingFilters_PutsThemInTheUrl_AndNarrowsTheList()
    {
        SignIn("admin-list", "admin@school.kr", Roles.Admin);
        var page = RenderAt<StudentsPage>($"/students?school={SchoolA}");
        page.WaitForAssertion(() => Assert.Equal(4, Names(page).Count), Patience);

        Choose(page, "filter-grade", "10");
        page.WaitForAssertion(() => Assert.Equal(["김철수", "박영희", "이철수"], Names(page)), Patience);
        Choose(page, "filter-style", "Visual");
        page.WaitForAssertion(() => Assert.Equal(["김철수", "박영희"], Names(page)), Patience);
        Choose(page, "filter-graduated", "Graduated");
        page.WaitForAssertion(() => Assert.Equal(["박영희"], Names(page)), Patience);

        var query = Query();
        Assert.Equal(SchoolA, query["school"]);
        Assert.Equal("10", query["grade"]);
        Assert.Equal("visual", query["style"]);
        Assert.Equal("yes", query["graduated"]);
        Assert.Equal($"/students/export.csv?school={SchoolA}&grade=10&style=visual&graduated=yes",
            page.Find("[data-testid=export-csv]").GetAttribute("href"));
    }

    [Fact]
    public void Search_PutsTheFragmentInTheUrl_AndFindsItAnywhereInAName()
    {
        SignIn("admin-list", "admin@school.kr", Roles.Admin);
        var page = RenderAt<StudentsPage>("/students");
        page.WaitForAssertion(() => Assert.Contains("최철수", Names(page)), Patience);

        Interact(page, () => page.Find("input[data-testid=student-search]").Input("철수"));

        page.WaitForAssertion(() => Assert.Equal(["김철수", "이철수", "최철수"], Names(page)), Patience);
        Assert.Equal("철수", Query()["q"]);
    }

    [Fact]
    public void SchoolChoice_OffersItsClasses_AndClearsTheClassChosenBefore()
    {
        SignIn("admin-list", "admin@school.kr", Roles.Admin);
        var page = RenderAt<StudentsPage>($"/students?school={SchoolA}&class=3%EB%B0%98");
        page.WaitForAssertion(() => Assert.Equal(["가나다"], Names(page)), Patience);

        Interact(page, () => page.Find("[data-testid=filter-class]").Closest(".mud-input-control")!.MouseDown());
        page.WaitForAssertion(() => Assert.Equal(["All", "1반", "2반", "3반"],
            page.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim())), Patience);
        Interact(page, () => page.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "1반").Click());
        page.WaitForAssertion(() => Assert.Equal(["김철수", "박영희"], Names(page)), Patience);

        Choose(page, "filter-school", SchoolB);

        page.WaitForAssertion(() => Assert.Equal(["최철수"], Names(page)), Patience);
        Assert.False(Query().ContainsKey("class"));
    }

    [Fact]
    public void ColumnHeaders_SortInTheDatabase_BothWays()
    {
        SignIn("admin-list", "admin@school.kr", Roles.Admin);
        var page = RenderAt<StudentsPage>($"/students?school={SchoolA}");
        page.WaitForAssertion(() => Assert.Equal(["가나다", "김철수", "박영희", "이철수"], Names(page)), Patience);

        Interact(page, () => SortButton(page, "Number").Click());
        page.WaitForAssertion(() => Assert.Equal(["김철수", "이철수", "박영희", "가나다"], Names(page)), Patience);
        Interact(page, () => SortButton(page, "Number").Click());
        page.WaitForAssertion(() => Assert.Equal(["가나다", "박영희", "이철수", "김철수"], Names(page)), Patience);
    }

    [Fact]
    public async Task RowClick_OpensTheStudent()
    {
        SignIn("admin-list", "admin@school.kr", Roles.Admin);
        Guid id;
        await using (var db = Database.CreateDbContext())
            id = await db.Students.Where(s => s.Name == "가나다").Select(s => s.Id).SingleAsync();
        var page = RenderAt<StudentsPage>($"/students?school={SchoolA}");
        page.WaitForAssertion(() => Row(page, "가나다"), Patience);

        Interact(page, () => Row(page, "가나다").QuerySelectorAll("td")[2].Click());

        Assert.Equal($"/students/{id}", new Uri(Navigation.Uri).AbsolutePath);
    }

    [Fact]
    public void Admins_GetNewAndImport_EveryReaderGetsExport()
    {
        SignIn("admin-list", "admin@school.kr", Roles.Admin);
        var admin = RenderAt<StudentsPage>("/students");
        admin.WaitForAssertion(() => Assert.NotEmpty(Names(admin)), Patience);

        Assert.Equal("/students/new", admin.Find("[data-testid=new-student]").GetAttribute("href"));
        Assert.Equal("/students/import", admin.Find("[data-testid=import-roster]").GetAttribute("href"));
        Assert.NotNull(admin.Find("[data-testid=export-csv]").GetAttribute("download"));
    }

    [Fact]
    public void ATeacher_SeesTheirSchoolOnly_AndNoAdminButtons()
    {
        SignIn("teacher-list-b", "teacher-b@school.kr", Roles.Teacher);

        var page = RenderAt<StudentsPage>("/students");

        page.WaitForAssertion(() => Assert.Equal(["최철수"], Names(page)), Patience);
        Assert.Empty(page.FindAll("[data-testid=new-student]"));
        Assert.Empty(page.FindAll("[data-testid=import-roster]"));
        Assert.Equal("/students/export.csv", page.Find("[data-testid=export-csv]").GetAttribute("href"));
    }

    private Dictionary<string, string> Query() =>
        QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    private static List<string> Names(IRenderedComponent<ContainerFragment> page) =>
        page.FindAll("[data-testid=student-link]").Select(a => a.TextContent.Trim()).ToList();

    private static IElement Row(IRenderedComponent<ContainerFragment> page, string name) =>
        page.FindAll("[data-testid=students-grid] tbody tr").Single(r => r.QuerySelector("[data-testid=student-link]")?.TextContent.Trim() == name);

    private static IElement SortButton(IRenderedComponent<ContainerFragment> page, string column) =>
        page.FindAll("[data-testid=students-grid] th").Single(h => h.TextContent.Trim() == column).QuerySelector(".sortable-column-header")!;

    private static List<string> Cells(IElement row) =>
        row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();

    // A select shows its value in a div (or an input when empty) inside its input control.
    private static string SelectText(IRenderedComponent<ContainerFragment> page, string testId)
    {
        var control = page.Find($"[data-testid={testId}]").Closest(".mud-input-control")!;
        return control.QuerySelector("input")?.GetAttribute("value") + " " + control.TextContent;
    }

    private static Student Student(string name, string school, int grade, string className, string number, string style, bool graduated = false) => new()
    {
        Name = name,
        SchoolId = school,
        Grade = grade,
        ClassName = className,
        StudentNumber = number,
        Metadata = new StudentMetadata { LearningStyle = style },
        GraduatedAt = graduated ? new DateOnly(2026, 2, 14) : null,
    };
}

/// <summary>A roster too large to count on every page: the unfiltered total is the planner's estimate, and says so.</summary>
public class StudentsPageEstimateTests(DatabaseFixture database) : StudentComponentTest(database), IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task UnfilteredTotal_OfAVeryLargeRoster_ReadsAsAnEstimate()
    {
        await using (var db = Database.CreateDbContext())
        {
            db.Students.Add(new Student { Name = "홍길동", SchoolId = "EST_A", Grade = 3 });
            await db.SaveChangesAsync();
        }
        // What ANALYZE would record for a million rows, without writing them (the test server's user is a superuser).
        await Sql.ExecuteAsync(Database.ConnectionString, "UPDATE pg_class SET reltuples = 1234567 WHERE oid = 'public.students'::regclass");
        SignIn("admin-estimate", "admin@school.kr", Roles.Admin);

        var page = RenderAt<StudentsPage>("/students");

        page.WaitForAssertion(() => Assert.StartsWith("About 1,234,567 students",
            page.Find("[data-testid=student-total]").TextContent.Trim()), Patience);
        page.WaitForAssertion(() => Assert.Contains("1-25 of about 1,234,567", page.Find(".mud-table-pagination").TextContent), Patience);
        Choose(page, "filter-school", "EST_A");
        page.WaitForAssertion(() => Assert.Equal("1 student", page.Find("[data-testid=student-total]").TextContent.Trim()), Patience);
    }
}
