using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Database;

namespace StudentHub.Tests.Database;

/// <summary>The embedded database: created once, reused by later runs, stopped by whoever started it.</summary>
public class LocalPostgresClusterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "studenthub-embedded-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task Cluster_KeepsItsDataAndPasswordAcrossRestarts()
    {
        var binaries = LocalPostgresCluster.FindServerBinaries();
        Assert.NotNull(binaries);
        var port = LocalPostgresCluster.FreePort();

        var first = new LocalPostgresCluster(_root, port, binaries, NullLogger.Instance);
        await first.StartAsync();
        await Sql.ExecuteAsync(first.ConnectionString("postgres"), "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('남아 있음')");
        await first.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Sql.ExecuteAsync(first.ConnectionString("postgres"), "SELECT 1"));

        var second = new LocalPostgresCluster(_root, port, binaries, NullLogger.Instance);
        await second.StartAsync();
        try
        {
            Assert.Equal("남아 있음", await Sql.ScalarAsync<string>(second.ConnectionString("postgres"), "SELECT note FROM kept"));
        }
        finally
        {
            await second.StopAsync();
        }
    }

    [Fact]
    public async Task Cluster_ListensOnLoopbackOnly_AndRequiresItsPassword()
    {
        var binaries = LocalPostgresCluster.FindServerBinaries()!;
        var cluster = new LocalPostgresCluster(_root, LocalPostgresCluster.FreePort(), binaries, NullLogger.Instance);
        await cluster.StartAsync();
        try
        {
            var wrongPassword = new NpgsqlConnectionStringBuilder(cluster.ConnectionString("postgres")) { Password = "guess" }.ConnectionString;
            var refused = await Assert.ThrowsAsync<PostgresException>(() => Sql.ExecuteAsync(wrongPassword, "SELECT 1"));
            Assert.Equal("28P01", refused.SqlState);
            Assert.Equal("127.0.0.1", await Sql.ScalarAsync<string>(cluster.ConnectionString("postgres"), "SHOW listen_addresses"));

            await cluster.EnsureDatabaseAsync("studenthub");
            await cluster.EnsureDatabaseAsync("studenthub");
            Assert.Equal("studenthub", await Sql.ScalarAsync<string>(cluster.ConnectionString("studenthub"), "SELECT current_database()"));
        }
        finally
        {
            await cluster.StopAsync();
        }
    }

    [Fact]
    public void FindServerBinaries_PrefersPathThenTheNewestDebianVersion()
    {
        var debian = Path.Combine(_root, "usr-lib-postgresql");
        foreach (var version in new[] { "13", "16" })
        {
            Directory.CreateDirectory(Path.Combine(debian, version, "bin"));
            File.WriteAllText(Path.Combine(debian, version, "bin", "pg_ctl"), "");
        }
        var onPath = Path.Combine(_root, "on-path");
        Directory.CreateDirectory(onPath);
        File.WriteAllText(Path.Combine(onPath, "pg_ctl"), "");

        Assert.Equal(Path.Combine(debian, "16", "bin"), LocalPostgresCluster.FindServerBinaries("/nowhere", debian));
        Assert.Equal(onPath, LocalPostgresCluster.FindServerBinaries($"/nowhere{Path.PathSeparator}{onPath}", debian));
        Assert.Null(LocalPostgresCluster.FindServerBinaries("/nowhere", Path.Combine(_root, "missing")));
    }

    [Fact]
    public void NoConnectionStringAndNoBinaries_FailsWithOneMessageNamingTheWaysOut()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["ConnectionStrings:StudentHub"] = "";

        var error = Assert.Throws<EmbeddedDatabaseUnavailableException>(() => builder.AddStudentHubDatabase(() => null));

        Assert.Contains("apt-get install postgresql", error.Message);
        Assert.Contains("ConnectionStrings__StudentHub", error.Message);
        Assert.Contains("docker compose up", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }
}
