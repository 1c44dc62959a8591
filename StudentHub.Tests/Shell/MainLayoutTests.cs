using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using MudBlazor.Extensions;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Components.Layout;

namespace StudentHub.Tests.Shell;

/// <summary>The app bar's user menu, the theme remembered per user, the drawer and the error boundary around the page.</summary>
public class MainLayoutTests : AppComponentTest, IClassFixture<DatabaseFixture>
{
    private readonly DatabaseFixture _database;

    public MainLayoutTests(DatabaseFixture database)
    {
        _database = database;
        UseDatabase(database);
    }

    [Fact]
    public async Task AppBar_ShowsTheDisplayName_AndTheMenuHoldsPasswordThemeLanguagesAndSignOut()
    {
        var account = await AddAccountAsync("교사 박민준", theme: null);
        SignIn(account.Id, account.UserName!, Roles.Teacher);

        var layout = RenderLayout();
        await OpenUserMenuAsync(layout);

        Assert.Contains("교사 박민준", layout.Find("[data-testid=user-menu]").TextContent);
        Assert.Equal("/account/password", layout.Find("[data-testid=change-password]").GetAttribute("href"));
        Assert.NotNull(layout.Find("[data-testid=theme-toggle]"));
        Assert.Contains("/culture?culture=ko-KR", layout.Find("[data-testid=language-ko-KR]").GetAttribute("href"));
        Assert.Contains("/culture?culture=en-US", layout.Find("[data-testid=language-en-US]").GetAttribute("href"));
        var signOut = layout.Find("form[action='account/logout']");
        Assert.Equal("post", signOut.GetAttribute("method"));
        Assert.Equal("test-antiforgery-token", signOut.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value"));
        Assert.Equal("submit", signOut.QuerySelector("[data-testid=sign-out]")?.GetAttribute("type"));
    }

    [Fact]
    public async Task AppBar_ShowsTheUserName_WhenTheAccountHasNoDisplayName()
    {
        var account = await AddAccountAsync("", theme: null);
        SignIn(account.Id, account.UserName!, Roles.Staff);

        var layout = RenderLayout();

        Assert.Contains(account.UserName!, layout.Find("[data-testid=user-menu]").TextContent);
    }

    [Fact]
    public async Task ThemeToggle_SwitchesToDark_AndRemembersItForTheNextVisit()
    {
        var account = await AddAccountAsync("관리자", theme: null);
        SignIn(account.Id, account.UserName!, Roles.Admin);
        var layout = RenderLayout();

        await OpenUserMenuAsync(layout);
        await layout.Find("[data-testid=theme-toggle]").ClickAsync(new());

        Assert.True(IsDark(layout));
        await using var db = _database.CreateDbContext();
        Assert.Equal("dark", (await db.Users.SingleAsync(u => u.Id == account.Id)).PreferredTheme);
    }

    [Fact]
    public async Task SavedDarkTheme_AppliesFromTheFirstRender()
    {
        var account = await AddAccountAsync("교무", theme: "dark");
        SignIn(account.Id, account.UserName!, Roles.Staff);

        var layout = RenderLayout();

        Assert.True(IsDark(layout));
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "mudThemeProvider.isDarkMode");
    }

    [Fact]
    public async Task NoSavedTheme_FollowsTheBrowser()
    {
        JSInterop.Setup<bool>("mudThemeProvider.isDarkMode", _ => true).SetResult(true);
        var account = await AddAccountAsync("교사", theme: null);
        SignIn(account.Id, account.UserName!, Roles.Teacher);

        var layout = RenderLayout();

        layout.WaitForAssertion(() => Assert.True(IsDark(layout)));
    }

    [Fact]
    public async Task SavedLightTheme_WinsOverADarkBrowser()
    {
        JSInterop.Setup<bool>("mudThemeProvider.isDarkMode", _ => true).SetResult(true);
        var account = await AddAccountAsync("교사", theme: "light");
        SignIn(account.Id, account.UserName!, Roles.Teacher);

        var layout = RenderLayout();

        Assert.False(IsDark(layout));
    }

    [Fact]
    public async Task Drawer_ShowsTheNavigationOfTheUsersRole()
    {
        var account = await AddAccountAsync("관리자", theme: null);
        SignIn(account.Id, account.UserName!, Roles.Admin);

        var layout = RenderLayout();

        Assert.NotNull(layout.Find(".mud-drawer a[href='/admin/users']"));
        Assert.NotNull(layout.Find(".mud-drawer a[href='/admin/audit']"));
    }

    [Fact]
    public async Task MenuButton_ShowsAndHidesTheDrawer_AndSaysWhichItIs()
    {
        var account = await AddAccountAsync("교사", theme: null);
        SignIn(account.Id, account.UserName!, Roles.Teacher);
        var layout = RenderLayout();
        var toggle = () => layout.Find("[data-testid=drawer-toggle]");
        var drawerOpen = () => layout.FindComponent<MudDrawer>().Instance.GetState(d => d.Open);
        Assert.Equal("Show or hide the navigation", toggle().GetAttribute("aria-label"));
        // The responsive drawer starts as the window's width has it (bunit has none), so the test starts from there.
        var initially = drawerOpen();
        Assert.Equal(initially ? "true" : "false", toggle().GetAttribute("aria-expanded"));

        await layout.InvokeAsync(() => toggle().Click());

        Assert.Equal(!initially, drawerOpen());
        Assert.Equal(initially ? "false" : "true", toggle().GetAttribute("aria-expanded"));

        await layout.InvokeAsync(() => toggle().Click());

        Assert.Equal(initially, drawerOpen());
        Assert.Equal(initially ? "true" : "false", toggle().GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task PageThatThrows_ShowsTheFriendlyError_InsideTheShell()
    {
        var account = await AddAccountAsync("교사", theme: null);
        SignIn(account.Id, account.UserName!, Roles.Teacher);

        var layout = RenderLayout(b =>
        {
            b.OpenComponent<ThrowingPage>(0);
            b.CloseComponent();
        });

        Assert.NotNull(layout.Find("[data-testid=page-error]"));
        Assert.NotNull(layout.Find("[data-testid=user-menu]"));
        Assert.DoesNotContain(ThrowingPage.Secret, layout.Markup);
    }

    [Fact]
    public async Task Layout_MarksItselfInteractive_ForBrowserTests()
    {
        var account = await AddAccountAsync("교사", theme: null);
        SignIn(account.Id, account.UserName!, Roles.Teacher);

        Assert.NotNull(RenderLayout().Find("[data-interactive=true]"));
    }

    /// <summary>The layout once it has read the signed-in user's profile (its name is in the app bar).</summary>
    private IRenderedComponent<MainLayout> RenderLayout(RenderFragment? body = null)
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, body ?? (b => b.AddMarkupContent(0, "<h1>Page</h1>"))));
        layout.WaitForAssertion(() => Assert.NotEmpty(layout.Find("[data-testid=user-menu]").TextContent.Trim()));
        return layout;
    }

    private static bool IsDark(IRenderedComponent<MainLayout> layout) =>
        layout.FindComponent<MudThemeProvider>().Instance.GetState(t => t.IsDarkMode);

    private static async Task OpenUserMenuAsync(IRenderedComponent<MainLayout> layout)
    {
        // Found and clicked in one go: the drawer settling on the window's width re-renders the bar meanwhile.
        await layout.InvokeAsync(() => layout.Find("[data-testid=user-menu] button").Click());
        layout.WaitForElement("[data-testid=theme-toggle]");
    }

    private async Task<ApplicationUser> AddAccountAsync(string displayName, string? theme)
    {
        var account = Account("user-" + Guid.NewGuid().ToString("N")[..8], displayName);
        account.PreferredTheme = theme;
        await using var db = _database.CreateDbContext();
        db.Users.Add(account);
        await db.SaveChangesAsync();
        return account;
    }

    private sealed class ThrowingPage : ComponentBase
    {
        public const string Secret = "connection string with password=hunter2";

        protected override void OnInitialized() => throw new InvalidOperationException(Secret);
    }
}
