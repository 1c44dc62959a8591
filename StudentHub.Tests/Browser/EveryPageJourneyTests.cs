using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Npgsql;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Demo;
using StudentHub.Web.Shell;

namespace StudentHub.Tests.Browser;

/// <summary>
/// Every page, opened by every role in a real browser on demo data, shows no error and logs none: no error panel on
/// the page, no console error or uncaught script error, nothing at error level in the app's log. A page a role may not
/// open answers with the access-denied page, which is no error either. A screenshot of each is kept.
/// </summary>
public class EveryPageJourneyTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private BrowserSession _browser = default!;
    private IReadOnlyList<string> _pages = [];

    public async Task InitializeAsync()
    {
        await using var db = database.CreateDbContext();
        // The class's tests share the database: the first seeds it.
        if (!await db.Students.AnyAsync())
        {
            await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
            await new DemoDataSeeder(dataSource, NullLogger<DemoDataSeeder>.Instance)
                .SeedAsync(new DemoDataOptions(Students: 40, EventsPerStudent: 40, RandomSeed: 8));
        }
        _browser = await BrowserSession.StartAsync(database);

        var intervention = await db.Interventions.OrderBy(i => i.Student!.SchoolId != "SCH001").ThenBy(i => i.Id).FirstAsync();
        var student = intervention.StudentId;
        var task = await db.ScheduledTasks.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        _pages =
        [
            "/", "/account/password", "/students", "/students/new", "/students/import", $"/students/{student}",
            $"/students/{student}/edit", $"/students/{student}/timeline", "/interventions", "/interventions/new",
            $"/interventions/{intervention.Id}", $"/interventions/{intervention.Id}/edit", "/activity", "/analytics",
            "/scheduler", $"/scheduler/{task}", "/admin/users", "/admin/ingest", "/admin/audit", "/admin/database", "/not-found",
        ];
    }

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public void EveryPageOfTheMenu_IsVisited()
    {
        Assert.Empty(NavEntries.All.Select(e => e.Href).Except(_pages));
    }

    [Theory]
    [InlineData(Roles.Teacher, "ko-KR")]
    [InlineData(Roles.Staff, "en-US")]
    [InlineData(Roles.Admin, "ko-KR")]
    public async Task EveryPage_OpensWithoutAnError_AndLogsNone(string role, string locale)
    {
        var page = await _browser.NewPageAsync(locale);
        var scriptErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                scriptErrors.Add($"{page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => scriptErrors.Add($"{page.Url}: {error}");
        await _browser.SignInAsync(page, await TestAccounts.CreateAsync(_browser.Factory, role, role == Roles.Teacher ? ["SCH001"] : []));
        await BrowserSession.WaitForInteractivityAsync(page);

        foreach (var path in _pages)
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            // Pages load their data after the first render: give the circuit a moment to finish (or to fail).
            await page.WaitForTimeoutAsync(500);
            await BrowserSession.ScreenshotAsync(page, $"every-page-{role.ToLowerInvariant()}{Slug(path)}");
            Assert.True(await page.GetByTestId("page-error").CountAsync() == 0, $"{role} saw an error on {path}");
        }

        var logged = _browser.Factory.Problems.Where(p => (p.Level >= LogLevel.Error || p.Message.Contains("rror") || p.Exception != null)).Select(p => $"{p.Category}: {p.Message} {p.Exception}");
        var problems = scriptErrors.Concat(logged).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string Slug(string path) =>
        string.Concat(path.Select(c => char.IsLetterOrDigit(c) ? c : '-')).TrimEnd('-') is { Length: > 0 } slug ? slug : "-home";
}
