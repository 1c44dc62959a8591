using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace StudentHub.Tests.Infrastructure;

/// <summary>
/// The app on a real Kestrel port, driven by Debian's chromium through Playwright (never <c>playwright install</c>:
/// it downloads, and this machine has no such network). Screenshots go to <c>TestResults/screenshots</c>.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private static readonly string[] ChromiumPaths = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(StudentHubWebFactory factory, IPlaywright playwright, IBrowser browser, string baseUrl)
    {
        Factory = factory;
        _playwright = playwright;
        _browser = browser;
        BaseUrl = baseUrl;
    }

    public StudentHubWebFactory Factory { get; }
    public string BaseUrl { get; }

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task<BrowserSession> StartAsync(DatabaseFixture database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var chromium = ChromiumPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Browser tests need Debian's chromium: apt-get install chromium");
        var factory = new StudentHubWebFactory(database, settings);
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new BrowserSession(factory, playwright, browser, address);
    }

    /// <summary>A fresh browser context (its own cookies) speaking the given language.</summary>
    public async Task<IPage> NewPageAsync(string locale = "ko-KR")
    {
        var context = await _browser.NewContextAsync(new() { BaseURL = BaseUrl, Locale = locale, TimezoneId = "Asia/Seoul" });
        return await context.NewPageAsync();
    }

    public async Task SignInAsync(IPage page, string email, string password = TestAccounts.Password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
    }

    /// <summary>Blazor ignores clicks until its circuit is up: the layout marks itself once it renders interactively.</summary>
    public static Task WaitForInteractivityAsync(IPage page) =>
        page.Locator("[data-interactive=true]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await Factory.DisposeAsync();
    }
}
