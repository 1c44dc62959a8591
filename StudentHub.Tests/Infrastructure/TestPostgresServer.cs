using DotNet.Testcontainers.Builders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StudentHub.Data;
using StudentHub.Web.Database;
using Testcontainers.PostgreSql;

namespace StudentHub.Tests.Infrastructure;

/// <summary>
/// The one PostgreSQL server of a test run, and its migrated template database. In order of preference:
/// <c>STUDENTHUB_TEST_DATABASE</c> (a connection string to a server the tests may create databases on);
/// a Testcontainers container where a Docker engine answers; a throwaway cluster from the local server binaries.
/// </summary>
internal static class TestPostgresServer
{
    public const string EnvironmentVariable = "STUDENTHUB_TEST_DATABASE";

    private static readonly string TemplateName = "studenthub_template_" + Guid.NewGuid().ToString("N")[..12];
    private static readonly Lazy<Task<string>> Server = new(StartServerAsync);
    private static readonly SemaphoreSlim CreateDatabaseLock = new(1, 1);

    /// <summary>Creates a fresh database from the migrated template and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        var serverConnectionString = await Server.Value;
        // CREATE DATABASE … TEMPLATE refuses while another session copies the same template.
        await CreateDatabaseLock.WaitAsync();
        try
        {
            await ExecuteAsync(serverConnectionString, $"CREATE DATABASE \"{name}\" TEMPLATE \"{TemplateName}\"");
        }
        finally
        {
            CreateDatabaseLock.Release();
        }
        return WithDatabase(serverConnectionString, name);
    }

    /// <summary>Creates a database with no schema at all, for tests of the migrations themselves.</summary>
    public static async Task<string> CreateEmptyDatabaseAsync(string name)
    {
        var serverConnectionString = await Server.Value;
        await ExecuteAsync(serverConnectionString, $"CREATE DATABASE \"{name}\"");
        return WithDatabase(serverConnectionString, name);
    }

    public static async Task DropDatabaseAsync(string name)
    {
        await ExecuteAsync(await Server.Value, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static async Task<string> StartServerAsync()
    {
        var serverConnectionString = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? WithDatabase(configured, "postgres")
            : await StartContainerAsync() ?? await StartLocalClusterAsync();

        await ExecuteAsync(serverConnectionString, $"CREATE DATABASE \"{TemplateName}\"");
        var templateConnectionString = WithDatabase(serverConnectionString, TemplateName);
        await using (var dataSource = NpgsqlDataSource.Create(templateConnectionString))
        await using (var db = new StudentHubDbContext(StudentHubDatabase.Options(dataSource)))
            await db.Database.MigrateAsync();
        // A template must have no open sessions when it is copied.
        NpgsqlConnection.ClearAllPools();

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            ExecuteAsync(serverConnectionString, $"DROP DATABASE IF EXISTS \"{TemplateName}\" WITH (FORCE)")
                .GetAwaiter().GetResult();
        return serverConnectionString;
    }

    private static async Task<string?> StartContainerAsync()
    {
        PostgreSqlContainer container;
        try
        {
            container = new PostgreSqlBuilder("postgres:15").Build();
        }
        catch (DockerUnavailableException)
        {
            return null;
        }
        await container.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return WithDatabase(container.GetConnectionString(), "postgres");
    }

    private static async Task<string> StartLocalClusterAsync()
    {
        var binaries = LocalPostgresCluster.FindServerBinaries()
            ?? throw new InvalidOperationException(
                $"Tests need PostgreSQL: set {EnvironmentVariable} to a server's connection string, start a Docker engine, " +
                "or install the PostgreSQL server binaries (apt-get install postgresql).");
        SweepAbandonedClusters();
        // Under /tmp: the postgres user must be able to reach the folder when the tests run as root.
        var root = Path.Combine(Path.GetTempPath(), "studenthub-tests-" + Guid.NewGuid().ToString("N")[..12]);
        var cluster = new LocalPostgresCluster(root, LocalPostgresCluster.FreePort(), binaries, NullLogger.Instance);
        // Durability buys nothing for a throwaway cluster.
        await cluster.StartAsync(["fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.StopAsync().GetAwaiter().GetResult();
            Directory.Delete(root, recursive: true);
        };
        return cluster.ConnectionString("postgres");
    }

    /// <summary>
    /// A test host killed before it exits (a hang timeout, a cancelled run) never deletes its cluster, and such folders
    /// filled this machine's disk once: remove those no server runs in, leaving alone any made in the last minutes.
    /// </summary>
    private static void SweepAbandonedClusters()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), "studenthub-tests-*"))
        {
            if (Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-10) || ServerRunsIn(folder))
                continue;
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another test host is sweeping it too, or it is not ours to delete.
            }
        }
    }

    private static bool ServerRunsIn(string folder)
    {
        var pidFile = Path.Combine(folder, "data", "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
            return false;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
