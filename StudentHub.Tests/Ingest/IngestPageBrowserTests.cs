using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Ingest;

namespace StudentHub.Tests.Ingest;

/// <summary>The Ingest page in a real browser: the copy button's script loads under the Content-Security-Policy and copies the new key.</summary>
public class IngestPageBrowserTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private BrowserSession _browser = default!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync(database);

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task NewKey_CopyButton_PutsTheKeyOnTheClipboard()
    {
        var page = await _browser.NewPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                errors.Add(message.Text);
        };
        // Something for the freshness table to show: node 1 has posted, node 4 has a key and has not yet.
        using (var client = new HttpClient { BaseAddress = new Uri(_browser.BaseUrl) })
        {
            var student = await IngestTestKit.CreateStudentAsync(database);
            var key1 = await IngestTestKit.CreateKeyAsync(_browser.Factory, 1);
            await IngestTestKit.CreateKeyAsync(_browser.Factory, 4);
            (await IngestTestKit.PostAsync(client, key1, IngestTestKit.Batch(IngestTestKit.Event(student), IngestTestKit.Event(student)))).EnsureSuccessStatusCode();
        }
        await _browser.SignInAsync(page, await TestAccounts.CreateAsync(_browser.Factory, Roles.Admin));
        await BrowserSession.WaitForInteractivityAsync(page);
        await page.GotoAsync("/admin/ingest");
        await BrowserSession.WaitForInteractivityAsync(page);

        await page.GetByTestId("new-key").ClickAsync();
        await page.GetByTestId("new-key-name").FillAsync("브라우저 송신기");
        await page.Locator(".mud-input-control:has([data-testid=new-key-node])").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "노드 2" }).ClickAsync();
        await page.GetByTestId("create-key").ClickAsync();
        var created = page.GetByTestId("created-key");
        await created.WaitForAsync();
        var key = await created.InputValueAsync();
        await page.GetByTestId("copy-key").ClickAsync();
        await page.GetByText("키를 클립보드에 복사했습니다.").WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "ingest-key-created");

        Assert.StartsWith(IngestKeys.KeyPrefix, key);
        Assert.Equal(key, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        Assert.DoesNotContain(errors, m => m.Contains("Content Security Policy"));

        await page.GetByTestId("close").ClickAsync();
        await page.GetByTestId("key-created-dialog").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });
        await BrowserSession.ScreenshotAsync(page, "ingest-page");
    }
}
