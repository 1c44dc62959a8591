namespace StudentHub.Benchmarks;

/// <summary>What every benchmark run starts with: its loggers, the moment it started, and its database.</summary>
internal sealed class BenchmarkSession : IAsyncDisposable
{
    private BenchmarkSession(ILoggerFactory loggers, DateTimeOffset started, BenchmarkDatabase database)
    {
        Loggers = loggers;
        Logger = loggers.CreateLogger("StudentHub.Benchmarks");
        Started = started;
        Database = database;
    }

    public ILoggerFactory Loggers { get; }
    public ILogger Logger { get; }
    public DateTimeOffset Started { get; }
    public BenchmarkDatabase Database { get; }

    /// <summary>Opens (or creates) the run's database; null after saying on stderr why it could not (the command then exits 2).</summary>
    public static async Task<BenchmarkSession?> StartAsync(
        string? connection, string? clusterDirectory, IReadOnlyList<string> serverSettings, string databaseName, CancellationToken ct)
    {
        var loggers = BenchmarkServices.Loggers();
        var started = DateTimeOffset.Now;
        var database = await BenchmarkDatabase.TryOpenAsync(connection, clusterDirectory, serverSettings, databaseName, loggers, ct);
        if (database is null)
        {
            loggers.Dispose();
            return null;
        }
        var session = new BenchmarkSession(loggers, started, database);
        session.Logger.LogInformation("Database: {Origin}", database.Origin);
        return session;
    }

    public void Deconstruct(out ILoggerFactory loggers, out ILogger logger, out DateTimeOffset started, out BenchmarkDatabase database) =>
        (loggers, logger, started, database) = (Loggers, Logger, Started, Database);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Loggers.Dispose();
    }
}
