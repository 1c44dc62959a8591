using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace StudentHub.Web.Database;

/// <summary>
/// A PostgreSQL cluster run from the server binaries installed on this machine: the app's embedded default
/// database, and the tests' throwaway server where no Docker engine answers.
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root, so when this process is root every server command runs as the
/// <c>postgres</c> user (<c>runuser -u postgres --</c>), and the folder is handed to that user.
/// </remarks>
public sealed class LocalPostgresCluster(string rootDirectory, int port, string binDirectory, ILogger logger)
{
    private const string Superuser = "postgres";
    private bool _startedHere;

    public string RootDirectory { get; } = rootDirectory;
    public int Port { get; } = port;
    private string DataDirectory => Path.Combine(RootDirectory, "data");
    private string PasswordFile => Path.Combine(RootDirectory, "password");
    private string LogFile => Path.Combine(RootDirectory, "server.log");

    /// <summary>Where the server binaries are: the folder of <c>pg_ctl</c> on PATH, else the newest <c>/usr/lib/postgresql/*/bin</c>.</summary>
    public static string? FindServerBinaries() =>
        FindServerBinaries(Environment.GetEnvironmentVariable("PATH") ?? "", "/usr/lib/postgresql");

    public static string? FindServerBinaries(string searchPath, string debianRoot)
    {
        var onPath = searchPath
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "pg_ctl"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
            return Path.GetDirectoryName(ResolveLinks(onPath));

        if (!Directory.Exists(debianRoot))
            return null;
        return Directory.GetDirectories(debianRoot)
            .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : 0, Bin: Path.Combine(dir, "bin")))
            .Where(x => File.Exists(Path.Combine(x.Bin, "pg_ctl")))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Bin)
            .FirstOrDefault();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Password = File.ReadAllText(PasswordFile).Trim(),
        Database = database,
    }.ConnectionString;

    /// <summary>Creates the cluster on first use, then starts it unless it is already running.</summary>
    /// <param name="serverSettings">Extra <c>-c name=value</c> settings, e.g. <c>fsync=off</c> for throwaway test clusters.</param>
    public async Task StartAsync(IEnumerable<string>? serverSettings = null, CancellationToken ct = default)
    {
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
            await InitializeAsync(ct);

        if (await RunAsync("pg_ctl", ["status", "-D", DataDirectory], ct, throwOnError: false) == 0)
        {
            logger.LogInformation("PostgreSQL in {Directory} is already running", DataDirectory);
            return;
        }

        var options = $"-k {RootDirectory} -p {Port} -c listen_addresses=127.0.0.1";
        foreach (var setting in serverSettings ?? [])
            options += $" -c {setting}";
        await RunAsync("pg_ctl", ["start", "-w", "-t", "60", "-D", DataDirectory, "-l", LogFile, "-o", options], ct);
        _startedHere = true;
        logger.LogInformation("Started PostgreSQL on 127.0.0.1:{Port} from {Directory}", Port, DataDirectory);
    }

    /// <summary>Creates <paramref name="database"/> if the cluster does not have it yet, so a first start logs no failed connection.</summary>
    public async Task EnsureDatabaseAsync(string database, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(ct) is not null)
            return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
        logger.LogInformation("Created database {Database}", database);
    }

    /// <summary>Stops the server if this instance started it; a server another process started is left alone.</summary>
    public async Task StopAsync()
    {
        if (!_startedHere)
            return;
        await RunAsync("pg_ctl", ["stop", "-m", "fast", "-w", "-D", DataDirectory], CancellationToken.None, throwOnError: false);
        _startedHere = false;
        logger.LogInformation("Stopped PostgreSQL in {Directory}", DataDirectory);
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(RootDirectory);
        File.WriteAllText(PasswordFile, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.SetUnixFileMode(RootDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        if (Environment.IsPrivilegedProcess)
            await RunProcessAsync("chown", ["-R", $"{Superuser}:", RootDirectory], ct, throwOnError: true);

        await RunAsync("initdb",
            ["-D", DataDirectory, "-U", Superuser, "--pwfile", PasswordFile, "--auth", "scram-sha-256",
             "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync"], ct);
        logger.LogInformation("Created a PostgreSQL cluster in {Directory}", DataDirectory);
    }

    private Task<int> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct, bool throwOnError = true)
    {
        var executable = Path.Combine(binDirectory, tool);
        return Environment.IsPrivilegedProcess
            ? RunProcessAsync("runuser", ["-u", Superuser, "--", executable, .. arguments], ct, throwOnError)
            : RunProcessAsync(executable, arguments, ct, throwOnError);
    }

    private static async Task<int> RunProcessAsync(
        string fileName, IReadOnlyList<string> arguments, CancellationToken ct, bool throwOnError)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // pg_ctl and initdb change into the data folder's parent; a cwd postgres cannot enter makes them warn.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0 && throwOnError)
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        return process.ExitCode;
    }

    private static string ResolveLinks(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
}
