using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Users;

namespace StudentHub.Tests.Users;

/// <summary>
/// The service refuses to lose the last admin who can sign in, whatever page or script asks. One story on a
/// database of its own, because the rule is about how many admins there are.
/// </summary>
public class LastAdminTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly ServiceProvider _services = new ServiceCollection().AddAccountServices(database).BuildServiceProvider();

    [Fact]
    public async Task TheLastAdmin_CannotBeDeletedDemotedOrLocked_UntilThereIsAnother()
    {
        var first = await CreateAsync("first-admin@school.kr", Roles.Admin);

        var deleted = await RunAsync(a => a.DeleteAsync(first.Id));
        var demoted = await RunAsync(a => a.ChangeAsync(first, first.DisplayName, Roles.Staff, []));
        var locked = await RunAsync(a => a.LockAsync(first.Id, null));

        foreach (var refused in new[] { deleted, demoted, locked })
        {
            var error = Assert.Single(refused.Errors);
            Assert.Equal(UserAccountErrors.LastAdmin, error.Code);
            Assert.Contains("last admin who can sign in", error.Description);
        }
        Assert.Contains("deleting", deleted.Errors.Single().Description);
        Assert.Contains("locking", locked.Errors.Single().Description);
        Assert.Equal(Roles.Admin, (await FindAsync(first.Email)).Role);

        var second = await CreateAsync("second-admin@school.kr", Roles.Admin);

        Assert.True((await RunAsync(a => a.LockAsync(first.Id, null))).Succeeded);
        // The first admin is locked: the second is now the last who can sign in.
        Assert.Equal(UserAccountErrors.LastAdmin, (await RunAsync(a => a.DeleteAsync(second.Id))).Errors.Single().Code);
        Assert.Equal(UserAccountErrors.LastAdmin, (await RunAsync(a => a.LockAsync(second.Id, null))).Errors.Single().Code);

        Assert.True((await RunAsync(a => a.UnlockAsync(first.Id))).Succeeded);
        Assert.True((await RunAsync(a => a.ChangeAsync(second, second.DisplayName, Roles.Staff, []))).Succeeded);
        Assert.Equal(Roles.Staff, (await FindAsync(second.Email)).Role);
        Assert.True((await RunAsync(a => a.DeleteAsync(second.Id))).Succeeded);
        Assert.Equal(UserAccountErrors.LastAdmin, (await RunAsync(a => a.DeleteAsync(first.Id))).Errors.Single().Code);
    }

    private async Task<UserSummary> CreateAsync(string email, string role)
    {
        var result = await RunAsync(a => a.CreateAsync(email, email, role, [], "admin-password-2026"));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        return await FindAsync(email);
    }

    private async Task<UserSummary> FindAsync(string email) =>
        (await RunAsync(a => a.ListAsync(new UserListQuery(email, null, false, 0, 10)))).Items.Single();

    private async Task<T> RunAsync<T>(Func<UserAccounts, Task<T>> operation)
    {
        await using var scope = _services.CreateAsyncScope();
        return await operation(scope.ServiceProvider.GetRequiredService<UserAccounts>());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _services.DisposeAsync();
}
