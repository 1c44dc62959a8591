using System.Net;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Security;

public class SignInTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private StudentHubWebFactory _factory = default!;

    public Task InitializeAsync()
    {
        _factory = new StudentHubWebFactory(database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task EveryPage_SendsAnonymousVisitorsToSignIn()
    {
        using var client = TestAccounts.AnonymousClient(_factory);

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/account/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task SignIn_WithTheRightPassword_OpensTheApp_AndIsAudited()
    {
        var email = await TestAccounts.CreateAsync(_factory, Roles.Staff);
        using var client = await TestAccounts.SignedInClientAsync(_factory, email);

        var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        await using var db = database.CreateDbContext();
        Assert.True(await db.AuditLogs.AnyAsync(a => a.Action == AuditActions.SignIn && a.UserName == email));
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccountForFifteenMinutes_EvenForTheRightPassword()
    {
        var email = await TestAccounts.CreateAsync(_factory, Roles.Teacher, "SCH001");
        using var client = TestAccounts.AnonymousClient(_factory);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await TestAccounts.PostSignInAsync(client, email, "wrong-password-1");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        var right = await TestAccounts.PostSignInAsync(client, email, TestAccounts.Password);
        var page = await right.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("15분", page);
        await using var db = database.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));
        Assert.Equal(6, await db.AuditLogs.CountAsync(a => a.Action == AuditActions.SignInFailed && a.UserId == user.Id));
    }

    [Fact]
    public async Task SignOut_NeedsTheFormsAntiforgeryToken()
    {
        var email = await TestAccounts.CreateAsync(_factory, Roles.Admin);
        using var client = await TestAccounts.SignedInClientAsync(_factory, email);

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignInPage_LinksAnIcon_ThatIsServedToAnonymousVisitors()
    {
        using var client = TestAccounts.AnonymousClient(_factory);
        var page = await client.GetStringAsync("/account/login");

        var href = System.Text.RegularExpressions.Regex.Match(page, """<link rel="icon"[^>]* href="([^"]+)" """.TrimEnd()).Groups[1].Value;
        Assert.StartsWith("favicon", href);
        var icon = await client.GetAsync("/" + href.TrimStart('/'));

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        using var client = TestAccounts.AnonymousClient(_factory);

        var response = await client.GetAsync("/account/login");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
