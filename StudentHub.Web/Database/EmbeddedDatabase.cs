namespace StudentHub.Web.Database;

/// <summary>
/// The app's own PostgreSQL, used when no connection string is configured: started on first use, reused by
/// later runs (its folder outlives the app), stopped when the app's services are disposed.
/// </summary>
public sealed class EmbeddedDatabase(LocalPostgresCluster cluster, string databaseName) : IAsyncDisposable
{
    private readonly Lazy<Task<string>> _connectionString = new(async () =>
    {
        await cluster.StartAsync();
        await cluster.EnsureDatabaseAsync(databaseName);
        return cluster.ConnectionString(databaseName);
    });

    public string RootDirectory => cluster.RootDirectory;

    public string ConnectionString => _connectionString.Value.GetAwaiter().GetResult();

    public async ValueTask DisposeAsync() => await cluster.StopAsync();
}

/// <summary>No connection string is configured and no PostgreSQL server binaries are installed.</summary>
public sealed class EmbeddedDatabaseUnavailableException() : Exception(
    """
    Student Hub found no database: ConnectionStrings:StudentHub is not set, and no PostgreSQL server binaries
    (pg_ctl) are on PATH or under /usr/lib/postgresql/*/bin. Any one of these gets you going:
      - install PostgreSQL (Debian/Ubuntu: sudo apt-get install postgresql) and run again: the app starts its own;
      - point the app at a server: export ConnectionStrings__StudentHub="Host=…;Database=studenthub;Username=…;Password=…";
      - or run everything in Docker: docker compose up
    """);
