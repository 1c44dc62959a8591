using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Ingest;

/// <summary>The API reference in a real browser: the app's Content-Security-Policy must let its scripts run.</summary>
public class ApiReferenceBrowserTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private BrowserSession _browser = default!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync(database);

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task ApiReference_RendersTheIngestEndpoint_WithoutSigningIn()
    {
        var page = await _browser.NewPageAsync("en-US");
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                blocked.Add(message.Text);
        };

        await page.GotoAsync("/scalar/v1");
        await page.GetByText("Post a batch of learning events").First.WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "api-reference");

        Assert.DoesNotContain(blocked, m => m.Contains("Content Security Policy"));
        Assert.True(await page.GetByText("/api/v1/events").CountAsync() > 0);
    }
}
