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

    // What a failed journey reports from the page (RunJourneyAsync).
    private static readonly (string What, string Selector)[] Telling =
    [
        ("field errors", ".mud-input-error, .validation-message"),
        ("alerts", ".mud-alert"),
        ("messages", ".mud-snackbar"),
        ("dialogs", ".mud-dialog"),
        ("open lists", ".mud-popover-open"),
        ("Blazor's error bar", "#blazor-error-ui:visible"),
    ];

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

    /// <summary>
    /// Runs a journey on a page. When a step fails, the failure also says what the page showed at that moment (its
    /// address, field errors, alerts, messages, dialogs, open lists) and what the app logged, and a screenshot is kept:
    /// a timeout alone never says why the page did not move.
    /// </summary>
    public async Task RunJourneyAsync(IPage page, string name, Func<Task> journey)
    {
        try
        {
            await journey();
        }
        catch (Exception failure)
        {
            var shown = await DescribeAsync(page);
            await ScreenshotAsync(page, name + "-failed");
            var logged = Factory.Problems.Select(p => $"  {p.Level} {p.Category}: {p.Message} {p.Exception?.GetType().Name} {p.Exception?.Message}");
            throw new JourneyFailedException(
                $"{name} failed: {failure.Message}{Environment.NewLine}The page showed:{Environment.NewLine}{shown}" +
                $"The app logged:{Environment.NewLine}{string.Join(Environment.NewLine, logged.DefaultIfEmpty("  nothing at warning level or above"))}",
                failure);
        }
    }

    private static async Task<string> DescribeAsync(IPage page)
    {
        var description = new System.Text.StringBuilder($"  address: {page.Url}{Environment.NewLine}");
        foreach (var (what, selector) in Telling)
        {
            try
            {
                var texts = (await page.Locator(selector).AllInnerTextsAsync()).Select(t => t.ReplaceLineEndings(" ").Trim()).ToList();
                if (texts.Count > 0)
                    description.AppendLine($"  {what}: {string.Join(" | ", texts)}");
            }
            catch (PlaywrightException unreadable)
            {
                description.AppendLine($"  {what}: unreadable ({unreadable.Message})");
            }
        }
        return description.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await Factory.DisposeAsync();
    }
}

/// <summary>A browser journey's step failed; the message adds what the page showed and what the app logged.</summary>
public sealed class JourneyFailedException(string message, Exception failure) : Exception(message, failure);
