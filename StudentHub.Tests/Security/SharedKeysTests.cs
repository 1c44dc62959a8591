using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Security;

/// <summary>Data-protection keys live in the database: a cookie issued by one app instance is honoured by another, and after a restart.</summary>
public class SharedKeysTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ACookieFromOneInstance_IsHonouredByAnother()
    {
        var cookies = new System.Net.CookieContainer();
        string email;
        await using (var first = new StudentHubWebFactory(database))
        {
            email = await TestAccounts.CreateAsync(first, Roles.Staff);
            using var client = first.CreateDefaultClient(new RedirectHandler(0), new CookieContainerHandler(cookies));
            var signedIn = await TestAccounts.PostSignInAsync(client, email, TestAccounts.Password);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        await using var second = new StudentHubWebFactory(database);
        using var secondClient = second.CreateDefaultClient(new RedirectHandler(0), new CookieContainerHandler(cookies));
        var home = await secondClient.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        await using var db = database.CreateDbContext();
        Assert.NotEmpty(db.DataProtectionKeys);
    }
}
