using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StudentHub.Data;
using StudentHub.Web.Database;
using StudentHub.Web.Demo;

namespace StudentHub.Benchmarks;

/// <summary>
/// The PostgreSQL a benchmark runs against, in order of preference: <c>--connection</c>,
/// <c>STUDENTHUB_BENCH_DATABASE</c>, else a cluster of its own from the local server binaries (under /tmp,
/// deleted afterwards unless <c>--cluster-dir</c> names a folder to keep and reuse).
/// </summary>
internal sealed class BenchmarkDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "STUDENTHUB_BENCH_DATABASE";

    /// <summary>Durability buys nothing for a benchmark's own cluster, and it makes seeding slower; queries only read.</summary>
    public static readonly string[] OwnClusterSettings = ["fsync=off", "synchronous_commit=off", "full_page_writes=off"];

    private readonly LocalPostgresCluster? _cluster;
    private readonly bool _deleteCluster;

    private BenchmarkDatabase(string connectionString, string origin, LocalPostgresCluster? cluster, bool deleteCluster)
    {
        ConnectionString = connectionString;
        Origin = origin;
        _cluster = cluster;
        _deleteCluster = deleteCluster;
    }

    public string ConnectionString { get; }

    /// <summary>Where the database came from, in words, for the report.</summary>
    public string Origin { get; }

    /// <summary><see cref="OpenAsync"/>, or null after saying on stderr why it could not (the command then exits 2).</summary>
    public static async Task<BenchmarkDatabase?> TryOpenAsync(
        string? connection, string? clusterDirectory, IReadOnlyList<string> serverSettings, string databaseName,
        ILoggerFactory loggers, CancellationToken ct)
    {
        try
        {
            return await OpenAsync(connection, clusterDirectory, serverSettings, databaseName, loggers, ct);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return null;
        }
    }

    private static async Task<BenchmarkDatabase> OpenAsync(
        string? connection, string? clusterDirectory, IReadOnlyList<string> serverSettings, string databaseName,
        ILoggerFactory loggers, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(connection))
            return new BenchmarkDatabase(connection, "the database given with --connection", null, false);
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
            return new BenchmarkDatabase(configured, $"the database in {EnvironmentVariable}", null, false);

        var binaries = LocalPostgresCluster.FindServerBinaries()
            ?? throw new InvalidOperationException(
                $"No database: pass --connection, set {EnvironmentVariable}, or install the PostgreSQL server binaries " +
                "(apt-get install postgresql) so that the benchmark can start its own cluster.");
        var keep = !string.IsNullOrWhiteSpace(clusterDirectory);
        // Under /tmp: when this runs as root, the server runs as postgres, which must be able to reach the folder.
        var root = keep
            ? Path.GetFullPath(clusterDirectory!)
            : Path.Combine(Path.GetTempPath(), "studenthub-bench-" + Guid.NewGuid().ToString("N")[..12]);
        var cluster = new LocalPostgresCluster(root, LocalPostgresCluster.FreePort(), binaries, loggers.CreateLogger<LocalPostgresCluster>());
        var settings = OwnClusterSettings.Concat(serverSettings).ToList();
        try
        {
            await cluster.StartAsync(settings, ct);
            // One database per benchmark and scale, so that a kept cluster serves several without reseeding.
            var database = databaseName;
            var server = cluster.ConnectionString("postgres");
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync(ct);
                await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", admin);
                exists.Parameters.AddWithValue(database);
                if (await exists.ExecuteScalarAsync(ct) is not true)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
                    await create.ExecuteNonQueryAsync(ct);
                }
            }
            var origin = keep
                ? $"a kept local cluster in {root} (PostgreSQL from {binaries}; {string.Join(", ", settings)})"
                : $"a throwaway local cluster in {root} (PostgreSQL from {binaries}; {string.Join(", ", settings)}), deleted afterwards";
            return new BenchmarkDatabase(cluster.ConnectionString(database), origin, cluster, !keep);
        }
        catch
        {
            await StopAsync(cluster, delete: !keep);
            throw;
        }
    }

    /// <summary>
    /// Applies the app's migrations; seeds <paramref name="students"/> students through the app's COPY seeder into an
    /// empty database, or reuses a database that already has exactly that many; then VACUUM ANALYZE, so that the
    /// visibility map and the statistics are settled rather than left to autovacuum in the middle of the timings.
    /// </summary>
    public async Task<SeedReport> PrepareAsync(
        NpgsqlDataSource dataSource, IDbContextFactory<StudentHubDbContext> contexts, DemoDataSeeder seeder,
        int students, int eventsPerStudent, ILogger logger, CancellationToken ct)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
            await DatabaseStartup.MigrateAsync(db, logger, ct);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        long existing;
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM students", connection))
            existing = (long)(await count.ExecuteScalarAsync(ct))!;

        SeedReport report;
        if (existing == 0)
        {
            logger.LogInformation("Seeding {Students:N0} students × {Events} events through the COPY seeder", students, eventsPerStudent);
            var summary = await seeder.SeedAsync(new DemoDataOptions(students, eventsPerStudent), ct);
            report = new SeedReport(Reused: false, summary.Students, summary.Events, summary.Elapsed);
        }
        else if (existing == students)
        {
            long events;
            await using (var count = new NpgsqlCommand("SELECT count(*) FROM learning_history", connection))
            {
                count.CommandTimeout = 0;
                events = (long)(await count.ExecuteScalarAsync(ct))!;
            }
            logger.LogInformation("Reusing the database's {Students:N0} students ({Events:N0} events): no seeding", existing, events);
            report = new SeedReport(Reused: true, existing, events, TimeSpan.Zero);
        }
        else
        {
            throw new InvalidOperationException(
                $"The database has {existing:N0} students, not the {students:N0} asked for: give an empty database " +
                $"(or one seeded at this scale), or run with --students {existing}.");
        }

        // VACUUM marks a page all-visible only when its rows are older than every open snapshot: right after the seed
        // an autovacuum worker that started during it can still hold one, and then VACUUM sets nothing. Repeat until
        // (nearly) every page is all-visible, as it would be in a database that has settled.
        var stopwatch = Stopwatch.StartNew();
        var allVisible = 0.0;
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await using (var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) students", connection))
            {
                vacuum.CommandTimeout = 0;
                await vacuum.ExecuteNonQueryAsync(ct);
            }
            await using (var visible = new NpgsqlCommand(
                "SELECT CASE WHEN relpages = 0 THEN 1 ELSE relallvisible::float8 / relpages END FROM pg_class WHERE oid = 'public.students'::regclass",
                connection))
                allVisible = (double)(await visible.ExecuteScalarAsync(ct))!;
            if (allVisible >= 0.99)
                break;
            logger.LogInformation("VACUUM left {Share:P0} of the students' pages all-visible; waiting for older snapshots to end", allVisible);
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
        logger.LogInformation("VACUUM (ANALYZE) students in {Elapsed}: {Share:P0} of its pages all-visible", stopwatch.Elapsed, allVisible);
        return report with { VacuumAnalyze = stopwatch.Elapsed, AllVisible = allVisible };
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await StopAsync(_cluster, _deleteCluster);
        }
    }

    private static async Task StopAsync(LocalPostgresCluster cluster, bool delete)
    {
        await cluster.StopAsync();
        if (delete && Directory.Exists(cluster.RootDirectory))
            Directory.Delete(cluster.RootDirectory, recursive: true);
    }
}

internal sealed record SeedReport(bool Reused, long Students, long Events, TimeSpan Elapsed)
{
    public TimeSpan VacuumAnalyze { get; init; }

    /// <summary>The share of the students table's pages marked all-visible after VACUUM.</summary>
    public double AllVisible { get; init; }
}
