using Microsoft.Playwright;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Browser;

/// <summary>Sign-in in a real browser: each role lands on the app with its own menu; five wrong passwords lock an account.</summary>
public class SignInJourneyTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private BrowserSession _browser = default!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync(database);

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Theory]
    [InlineData(Roles.Teacher, new[] { "/" }, new[] { "/admin/users", "/admin/audit" })]
    [InlineData(Roles.Staff, new[] { "/" }, new[] { "/admin/users", "/admin/audit" })]
    [InlineData(Roles.Admin, new[] { "/", "/admin/users", "/admin/audit" }, new string[0])]
    public async Task EachRole_SignsIn_AndSeesItsMenu(string role, string[] visible, string[] hidden)
    {
        var email = await TestAccounts.CreateAsync(_browser.Factory, role, role == Roles.Teacher ? ["SCH001"] : []);
        var page = await _browser.NewPageAsync();

        await _browser.SignInAsync(page, email);
        await BrowserSession.WaitForInteractivityAsync(page);
        await BrowserSession.ScreenshotAsync(page, $"signed-in-{role.ToLowerInvariant()}");

        var menu = page.GetByTestId("nav-menu");
        foreach (var href in visible)
            Assert.Equal(1, await menu.Locator($"a[href='{href}']").CountAsync());
        foreach (var href in hidden)
            Assert.Equal(0, await menu.Locator($"a[href='{href}']").CountAsync());
        Assert.Contains($"{role} 테스트", await page.GetByTestId("user-menu").TextContentAsync());
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount()
    {
        var email = await TestAccounts.CreateAsync(_browser.Factory, Roles.Teacher, "SCH002");
        var page = await _browser.NewPageAsync();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await _browser.SignInAsync(page, email, "not-the-password-1");
            await page.GetByTestId("login-error").WaitForAsync();
        }
        await _browser.SignInAsync(page, email);
        var error = page.GetByTestId("login-error");
        await error.WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "locked-out");

        Assert.Contains("15분", await error.InnerTextAsync());
        Assert.EndsWith("/account/login", new Uri(page.Url).AbsolutePath);
    }
}
