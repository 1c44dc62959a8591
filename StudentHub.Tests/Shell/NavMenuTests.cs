using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Web.Shell;

namespace StudentHub.Tests.Shell;

/// <summary>The drawer shows each role the pages its policies admit, and nothing else.</summary>
public class NavMenuTests : AppComponentTest
{
    [Fact]
    public void Teacher_SeesTheOverview_AndNoAdminPages()
    {
        SignIn("teacher-1", "teacher@school.kr", Roles.Teacher);

        Assert.Equal(["/", "/students", "/interventions", "/activity", "/analytics"], Links(Render<NavMenu>()));
    }

    [Fact]
    public void Staff_SeesTheOverview_AndTheScheduler_AndNoAdminPages()
    {
        SignIn("staff-1", "staff@school.kr", Roles.Staff);

        Assert.Equal(["/", "/students", "/interventions", "/scheduler", "/activity", "/analytics"], Links(Render<NavMenu>()));
    }

    [Fact]
    public void Admin_SeesUsersIngestAndTheAuditTrail()
    {
        SignIn("admin-1", "admin@school.kr", Roles.Admin);

        var menu = Render<NavMenu>();

        Assert.Equal(["/", "/students", "/interventions", "/scheduler", "/activity", "/analytics", "/admin/users", "/admin/ingest", "/admin/audit", "/admin/database"], Links(menu));
        Assert.Equal(["Overview", "Students", "Interventions", "Scheduler", "Recent activity", "Analytics", "Users", "Ingest", "Audit trail", "Database"], menu.FindAll("a").Select(a => a.TextContent.Trim()));
    }

    [Fact]
    public void UserWithoutRole_SeesOnlyTheOverview()
    {
        SignIn("nobody-1", "nobody@school.kr");

        Assert.Equal(["/"], Links(Render<NavMenu>()));
    }

    [Fact]
    public void AnonymousVisitor_SeesNoLinks()
    {
        Assert.Empty(Links(Render<NavMenu>()));
    }

    [Fact]
    public void ThePagesEntry_IsMarkedCurrent_AndTheMarkFollowsNavigation()
    {
        SignIn("admin-1", "admin@school.kr", Roles.Admin);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/students/0194a9c0-0000-7000-8000-000000000001/timeline?concept=원");

        var menu = Render<NavMenu>();

        Assert.Equal(["/students"], Current(menu));
        Assert.Equal("page", menu.Find("a.active").GetAttribute("aria-current"));
        Assert.Single(menu.FindAll("a[aria-current]"));

        navigation.NavigateTo("/admin/users/teacher-1");
        menu.WaitForAssertion(() => Assert.Equal(["/admin/users"], Current(menu)));

        // The overview matches its own address only, not every page under it.
        navigation.NavigateTo("/");
        menu.WaitForAssertion(() => Assert.Equal(["/"], Current(menu)));
        navigation.NavigateTo("/account/password");
        menu.WaitForAssertion(() => Assert.Empty(Current(menu)));
    }

    [Fact]
    public void EveryEntry_NamesAPolicyThatExists_AndHasALabelInBothLanguages()
    {
        var policies = typeof(StudentHub.Web.Security.Policies).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
        foreach (var culture in new[] { "en-US", "ko-KR" })
        {
            var resources = new System.Resources.ResourceManager(typeof(NavMenu).FullName!, typeof(NavMenu).Assembly);
            foreach (var entry in NavEntries.All)
            {
                Assert.True(entry.Policy is null || policies.Contains(entry.Policy), $"{entry.Href}: unknown policy {entry.Policy}");
                Assert.False(string.IsNullOrEmpty(resources.GetString(entry.Label, System.Globalization.CultureInfo.GetCultureInfo(culture))),
                    $"{entry.Href}: no {culture} label for {entry.Label}");
            }
        }
    }

    private static List<string?> Current(IRenderedComponent<NavMenu> menu) =>
        menu.FindAll("a.active").Select(a => a.GetAttribute("href")).ToList();

    private static List<string?> Links(IRenderedComponent<NavMenu> menu) =>
        menu.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
}
