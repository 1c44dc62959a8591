using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Database;

/// <summary>The web app's commands, run as a newcomer or an operator runs them: a separate process, configured by environment.</summary>
public class CommandTests : IAsyncLifetime
{
    private readonly string _name = "studenthub_cmd_" + Guid.NewGuid().ToString("N")[..12];
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestPostgresServer.CreateEmptyDatabaseAsync(_name);

    public Task DisposeAsync() => TestPostgresServer.DropDatabaseAsync(_name);

    [Fact]
    public async Task Migrate_OnAnEmptyDatabase_AppliesEveryMigrationAndExitsZero()
    {
        var (exitCode, output) = await RunWebAppAsync("migrate");

        Assert.True(exitCode == 0, output);
        Assert.Contains("up to date", output);
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\"") >= 1);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'learning_history'"));
    }

    [Fact]
    public async Task SeedDemo_FillsTheRequestedAmountAndExits()
    {
        var (exitCode, output) = await RunWebAppAsync("seed-demo", "--students", "12", "--events-per-student", "5");

        Assert.True(exitCode == 0, output);
        Assert.Equal(12L, await ScalarAsync<long>("SELECT count(*) FROM students"));
        Assert.Equal(60L, await ScalarAsync<long>("SELECT count(*) FROM learning_history"));
    }

    [Fact]
    public async Task SeedDemo_WithoutAStudentCount_UsesTheDefaultThousand()
    {
        var (exitCode, output) = await RunWebAppAsync("seed-demo", "--events-per-student", "1");

        Assert.True(exitCode == 0, output);
        Assert.Equal(1000L, await ScalarAsync<long>("SELECT count(*) FROM students"));
    }

    [Fact]
    public async Task SeedDemo_OnADatabaseWithStudents_RefusesWithAMessage()
    {
        Assert.Equal(0, (await RunWebAppAsync("seed-demo", "--students", "3", "--events-per-student", "1")).ExitCode);

        var (exitCode, output) = await RunWebAppAsync("seed-demo", "--students", "3");

        Assert.Equal(1, exitCode);
        Assert.Contains("already has students", output);
        Assert.DoesNotContain("   at ", output);
        Assert.Equal(3L, await ScalarAsync<long>("SELECT count(*) FROM students"));
    }

    [Fact]
    public async Task SeedDemo_WithANonsenseCount_SaysSoAndChangesNothing()
    {
        var (exitCode, output) = await RunWebAppAsync("seed-demo", "--students", "abc");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("abc", output);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'students'"));
    }

    private Task<(int ExitCode, string Output)> RunWebAppAsync(params string[] arguments) =>
        WebAppProcess.RunAsync(_connectionString, null, arguments);

    private Task<T> ScalarAsync<T>(string sql) => Sql.ScalarAsync<T>(_connectionString, sql);
}
