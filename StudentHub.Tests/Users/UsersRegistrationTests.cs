using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Users;

namespace StudentHub.Tests.Users;

/// <summary>The app as Program.cs wires it, not as the tests rebuild it.</summary>
public class UsersRegistrationTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task IdentityUsesTheLocalizedErrorDescriber()
    {
        await using var factory = new StudentHubWebFactory(database);
        await using var scope = factory.Services.CreateAsyncScope();

        Assert.IsType<LocalizedIdentityErrorDescriber>(scope.ServiceProvider.GetRequiredService<UserManager<StudentHub.Data.Entities.ApplicationUser>>().ErrorDescriber);
    }
}
