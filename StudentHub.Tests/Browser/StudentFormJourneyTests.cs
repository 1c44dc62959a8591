using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Browser;

/// <summary>The student form in a real browser: a bad grade is answered beside it, and a save over someone else's newer save asks first.</summary>
public class StudentFormJourneyTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private BrowserSession _browser = default!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync(database);

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task Edit_AnswersABadGradeBesideIt_ThenAConflictShowsBothVersions_AndOverwritingSaves()
    {
        var id = await Sql.ScalarAsync<Guid>(database.ConnectionString,
            """
            INSERT INTO students (name, school_id, grade, class_name, student_number, metadata)
            VALUES ('김하늘', 'SCH001', 7, '2반', '11', '{"learning_style": "visual", "node4_profile": {"level": 3}}') RETURNING id
            """);
        var page = await _browser.NewPageAsync();
        await _browser.RunJourneyAsync(page, "student-form-journey", async () =>
        {
            await _browser.SignInAsync(page, await TestAccounts.CreateAsync(_browser.Factory, Roles.Admin));
            await BrowserSession.WaitForInteractivityAsync(page);
            await page.GotoAsync($"/students/{id}/edit");
            await BrowserSession.WaitForInteractivityAsync(page);

            await page.GetByTestId("grade").FillAsync("abc");
            await page.GetByTestId("save").ClickAsync();
            var gradeError = page.Locator(".mud-input-control:has([data-testid=grade]) .mud-input-helper-text.mud-input-error");
            await gradeError.WaitForAsync();
            Assert.Contains("학년이 아닙니다", await gradeError.InnerTextAsync());
            await BrowserSession.ScreenshotAsync(page, "student-form-bad-grade");

            await using (var db = database.CreateDbContext())
            {
                var theirs = await db.Students.SingleAsync(s => s.Id == id);
                theirs.Email = "parent@school.kr";
                await db.SaveChangesAsync();
            }
            await page.GetByTestId("grade").FillAsync("8");
            await page.GetByTestId("name").FillAsync("김하늘빛");
            await page.GetByTestId("save").ClickAsync();

            var dialog = page.GetByTestId("conflict-dialog");
            await dialog.WaitForAsync();
            await BrowserSession.ScreenshotAsync(page, "student-form-conflict");
            Assert.Equal(3, await dialog.Locator("[data-testid=conflict-row][data-differs=true]").CountAsync());
            await page.GetByTestId("overwrite-with-mine").ClickAsync();

            await page.WaitForURLAsync($"**/students/{id}");
            await using var check = database.CreateDbContext();
            var student = await check.Students.SingleAsync(s => s.Id == id);
            Assert.Equal(("김하늘빛", 8, (string?)null), (student.Name, student.Grade, student.Email));
            Assert.Equal(3, student.Metadata.Other!["node4_profile"].GetProperty("level").GetInt32());
        });
    }
}
