using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Web.Shell;

namespace StudentHub.Tests.Shell;

/// <summary>Breadcrumbs follow the page: the drawer entry it belongs to, then the page's own crumb.</summary>
public class ShellBreadcrumbsTests : AppComponentTest
{
    [Fact]
    public void HomePage_IsTheOnlyCrumb_AndNotALink()
    {
        var crumbs = Render<ShellBreadcrumbs>();

        Assert.Equal(["Overview"], Texts(crumbs));
        Assert.Empty(Links(crumbs));
        Assert.Equal("page", crumbs.Find("li.mud-breadcrumb-item a").GetAttribute("aria-current"));
    }

    [Fact]
    public void PageUnderADrawerEntry_ShowsTheEntry_AndFollowsNavigation()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        var crumbs = Render<ShellBreadcrumbs>();

        navigation.NavigateTo("/admin/audit?user=kim");

        crumbs.WaitForAssertion(() => Assert.Equal(["Overview", "Audit trail"], Texts(crumbs)));
        Assert.Equal(["/"], Links(crumbs));
    }

    [Fact]
    public async Task PageBreadcrumb_AddsThePagesOwnCrumb_UntilThePageGoes()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/admin/users/user-42");
        var crumbs = Render<ShellBreadcrumbs>();
        Render<PageBreadcrumb>(p => p.Add(b => b.Text, "김하늘"));

        crumbs.WaitForAssertion(() => Assert.Equal(["Overview", "Users", "김하늘"], Texts(crumbs)));
        Assert.Equal(["/", "/admin/users"], Links(crumbs));

        await DisposeComponentsAsync();
        var after = Render<ShellBreadcrumbs>();
        Assert.Equal(["Overview", "Users"], Texts(after));
    }

    [Theory]
    [InlineData("admin/users", "/admin/users")]
    [InlineData("/admin/users/", "/admin/users")]
    [InlineData("admin/users/42/edit", "/admin/users")]
    [InlineData("admin/usersettings", null)]
    [InlineData("", null)]
    public void Containing_FindsTheEntryAPathBelongsTo(string path, string? href) =>
        Assert.Equal(href, NavEntries.Containing(path)?.Href);

    // The last crumb is where the reader is: MudBlazor renders it as a disabled anchor marked as the current page.
    private static IEnumerable<string?> Links(IRenderedComponent<ShellBreadcrumbs> crumbs) =>
        crumbs.FindAll("li.mud-breadcrumb-item a:not([aria-current])").Select(a => a.GetAttribute("href"));

    private static List<string> Texts(IRenderedComponent<ShellBreadcrumbs> crumbs) =>
        crumbs.FindAll("li.mud-breadcrumb-item").Select(li => li.TextContent.Trim()).ToList();
}
