using Microsoft.Extensions.DependencyInjection;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Ingest;

namespace StudentHub.Tests.Ingest;

/// <summary>The keys service: what is stored of a key (its hash and prefix, never the key), revocation, and lookup.</summary>
public class IngestKeysTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private StudentHubWebFactory _factory = default!;

    public Task InitializeAsync()
    {
        _factory = new StudentHubWebFactory(database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Create_StoresOnlyTheHashAndPrefix_AndEachKeyIsNew()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<IngestKeys>();

        var first = await keys.CreateAsync("  test node  ", 6, canRead: false, "tests");
        var second = await keys.CreateAsync("test node", 6, canRead: false, "tests");

        Assert.NotEqual(first.Key, second.Key);
        Assert.Equal("test node", first.Record.Name);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(database.ConnectionString,
            "SELECT count(*) FROM ingest_keys WHERE key_hash = $1 OR key_prefix = $1 OR name = $1", first.Key));
        Assert.Equal(first.Key[..12], await Sql.ScalarAsync<string>(database.ConnectionString,
            "SELECT key_prefix FROM ingest_keys WHERE key_hash = $1", IngestKeys.Hash(first.Key)));
        Assert.Equal(first.Record.Id, (await keys.FindAsync(first.Key))!.Id);
        Assert.Null(await keys.FindAsync(first.Key + "x"));
        Assert.Contains(await keys.ListAsync(), k => k.Id == second.Record.Id);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("  ", 1)]
    [InlineData("fine", 7)]
    [InlineData("fine", 0)]
    public async Task Create_WithABadNameOrNode_Refuses(string name, int node)
    {
        Assert.NotEmpty(IngestKeys.Check(name, node));
        await using var scope = _factory.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<ArgumentException>(() => scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync(name, node, false, null));
    }

    [Fact]
    public async Task Revoke_StampsTheKeyOnce()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<IngestKeys>();
        var created = await keys.CreateAsync("to revoke", 2, canRead: true, "tests");

        Assert.True(await keys.RevokeAsync(created.Record.Id));
        Assert.False(await keys.RevokeAsync(created.Record.Id));
        Assert.False(await keys.RevokeAsync(Guid.NewGuid()));
        Assert.NotNull((await keys.FindAsync(created.Key))!.RevokedAt);
    }
}
