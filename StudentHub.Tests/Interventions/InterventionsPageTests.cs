using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.WebUtilities;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Interventions;

namespace StudentHub.Tests.Interventions;

/// <summary>The intervention list over a real database: rows with progress and the stalled marker, filters in the URL, sorting, a teacher's schools.</summary>
public class InterventionsPageTests(DatabaseFixture database) : InterventionComponentTest(database), IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task List_ShowsEveryIntervention_NewestFirst_WithStatusProgressAndStalledMarks()
    {
        var data = await InterventionData.SeedAsync(Database);
        SignIn("admin-list", "admin@school.kr", Roles.Admin);

        var page = RenderAt<InterventionsPage>("/interventions");

        page.WaitForAssertion(() => Assert.Equal(["사아자", "라마바", "사아자", "가나다", "가나다", "라마바"], Names(page)), Patience);
        Assert.Equal("6 interventions", page.Find("[data-testid=intervention-total]").TextContent.Trim());
        var stalled = Rows(page)[1];
        Assert.Equal(["라마바", InterventionData.SchoolA, "5", "Automatic intervention", "ActiveStalled", "비와 비율, 분수의 덧셈", "0 of 3 steps", "3/5/2026", ""],
            Cells(stalled));
        Assert.Equal($"/interventions/{data.A2Stalled}", stalled.QuerySelector("[data-testid=intervention-link]")!.GetAttribute("href"));
        Assert.Equal($"/students/{data.StudentA1}", Rows(page)[3].QuerySelector("[data-testid=student-link]")!.GetAttribute("href"));
        Assert.Equal("1 of 4 steps", Rows(page)[3].QuerySelector("[data-testid=row-steps]")!.TextContent.Trim());
        Assert.Equal("25", Rows(page)[3].QuerySelector("[role=progressbar]")!.GetAttribute("aria-valuenow"));
        Assert.Equal(["paused", "completed"], Rows(page).Skip(4).Select(r => r.QuerySelector("[data-testid=status-chip]")!.GetAttribute("data-status")));
        Assert.Equal("2/1/2026", Cells(Rows(page)[5])[8]);
        Assert.Equal(2, page.FindAll("[data-testid=stalled-chip]").Count);
        Assert.Equal("/interventions/new", page.Find("[data-testid=new-intervention]").GetAttribute("href"));
    }

    [Fact]
    public async Task FiltersInTheUrl_AreAppliedOnLoad()
    {
        await InterventionData.SeedAsync(Database);
        SignIn("admin-list", "admin@school.kr", Roles.Admin);

        var page = RenderAt<InterventionsPage>("/interventions?concept=" + Uri.EscapeDataString("분수의 덧셈") + "&stalled=yes");

        page.WaitForAssertion(() => Assert.Equal(["라마바", "사아자"], Names(page)), Patience);
        Assert.Equal("2 interventions", page.Find("[data-testid=intervention-total]").TextContent.Trim());
        Assert.Equal("분수의 덧셈", page.Find("input[data-testid=filter-concept]").GetAttribute("value"));
        Assert.Single(page.FindAll("[data-testid=clear-filters]"));
    }

    [Fact]
    public async Task ChoosingFilters_PutsThemInTheUrl_AndNarrowsTheList()
    {
        await InterventionData.SeedAsync(Database);
        SignIn("admin-list", "admin@school.kr", Roles.Admin);
        var page = RenderAt<InterventionsPage>("/interventions");
        page.WaitForAssertion(() => Assert.Equal(6, Names(page).Count), Patience);

        Choose(page, "filter-status", "Active");
        page.WaitForAssertion(() => Assert.Equal(["라마바", "사아자", "가나다"], Names(page)), Patience);
        Choose(page, "filter-school", InterventionData.SchoolB);
        page.WaitForAssertion(() => Assert.Equal(["사아자"], Names(page)), Patience);

        var query = QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query);
        Assert.Equal("active", query[InterventionFilterQuery.Status].ToString());
        Assert.Equal(InterventionData.SchoolB, query[InterventionFilterQuery.School].ToString());

        Choose(page, "filter-type", "Automatic intervention");
        page.WaitForAssertion(() => Assert.Equal("No intervention matches these filters.", page.Find("[data-testid=interventions-grid] tbody").TextContent.Trim()), Patience);
        Assert.Equal("auto", QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query)[InterventionFilterQuery.Type].ToString());

        Interact(page, () => page.Find("button[data-testid=clear-filters]").Click());
        page.WaitForAssertion(() => Assert.Equal(6, Names(page).Count), Patience);
        Assert.Empty(new Uri(Navigation.Uri).Query.TrimStart('?'));
    }

    [Fact]
    public async Task TheStalledSwitch_ListsOnlyStalledOnes_AndSaysSoInTheUrl()
    {
        await InterventionData.SeedAsync(Database);
        SignIn("admin-list", "admin@school.kr", Roles.Admin);
        var page = RenderAt<InterventionsPage>("/interventions");
        page.WaitForAssertion(() => Assert.Equal(6, Names(page).Count), Patience);

        Interact(page, () => CheckBox(page, "filter-stalled").Change(true));

        page.WaitForAssertion(() => Assert.Equal(["라마바", "사아자"], Names(page)), Patience);
        Assert.Equal("yes", QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query)[InterventionFilterQuery.Stalled].ToString());
    }

    [Fact]
    public async Task SortingByAColumn_IsDoneByTheServer()
    {
        await InterventionData.SeedAsync(Database);
        SignIn("admin-list", "admin@school.kr", Roles.Admin);
        var page = RenderAt<InterventionsPage>("/interventions");
        page.WaitForAssertion(() => Assert.Equal(6, Names(page).Count), Patience);

        Interact(page, () => SortButton(page, "Progress").Click());

        // Least progress first; ties newest first.
        page.WaitForAssertion(() => Assert.Equal(["사아자", "라마바", "가나다", "가나다", "사아자", "라마바"], Names(page)), Patience);
        Assert.Equal(["0 of 1 steps", "0 of 3 steps", "0 of 2 steps", "1 of 4 steps", "1 of 2 steps", "2 of 2 steps"],
            page.FindAll("[data-testid=row-steps]").Select(s => s.TextContent.Trim()));
    }

    [Fact]
    public async Task ATeacher_SeesTheirSchoolsInterventions_AndNoNewButton()
    {
        await InterventionData.SeedAsync(Database);
        await SignInTeacherAsync("teacher-list-a", InterventionData.SchoolA);

        var page = RenderAt<InterventionsPage>("/interventions");

        page.WaitForAssertion(() => Assert.Equal(["라마바", "가나다", "가나다", "라마바"], Names(page)), Patience);
        Assert.Empty(page.FindAll("[data-testid=new-intervention]"));
        Interact(page, () => page.Find("[data-testid=filter-school]").Closest(".mud-input-control")!.MouseDown());
        page.WaitForAssertion(() => Assert.Equal(["All schools", InterventionData.SchoolA],
            page.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim())), Patience);
    }

    private static List<IElement> Rows(IRenderedComponent<ContainerFragment> page) =>
        page.FindAll("[data-testid=interventions-grid] tbody tr").Where(r => r.QuerySelector("[data-testid=student-link]") is not null).ToList();

    private static List<string> Names(IRenderedComponent<ContainerFragment> page) =>
        page.FindAll("[data-testid=interventions-grid] [data-testid=student-link]").Select(a => a.TextContent.Trim()).ToList();

    private static List<string> Cells(IElement row) =>
        row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();

    private static IElement SortButton(IRenderedComponent<ContainerFragment> page, string column) =>
        page.FindAll("[data-testid=interventions-grid] th").Single(h => h.TextContent.Trim() == column).QuerySelector(".sortable-column-header")!;
}
