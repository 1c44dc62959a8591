using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace StudentHub.Web.Scheduler;

/// <summary>The <c>Backup</c> section: where <c>database_backup</c> writes its dumps and how long they are kept.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>Defaults to <c>StudentHub/backups</c> under the user's local application data (<c>/var/lib/studenthub/backups</c> for root).</summary>
    public string? Folder { get; set; }

    /// <summary>Dumps this backup made that are older than this many days are deleted after each successful backup.</summary>
    public int KeepDays { get; set; } = 7;

    public string ResolveFolder()
    {
        if (!string.IsNullOrWhiteSpace(Folder))
            return Path.GetFullPath(Folder);
        // Beside the embedded database's folder (Database:Embedded:DataDirectory's default), for the same reasons.
        if (Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows())
            return "/var/lib/studenthub/backups";
        return Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "StudentHub", "backups");
    }

    /// <summary>The first value out of range, or null.</summary>
    public string? Problem() =>
        KeepDays < 1 ? "KeepDays must be at least 1."
        : Folder is { Length: > 0 } folder && folder.IndexOfAny(Path.GetInvalidPathChars()) >= 0 ? $"Folder '{folder}' is not a valid path."
        : null;

    public sealed class Checked : IValidateOptions<BackupOptions>
    {
        public ValidateOptionsResult Validate(string? name, BackupOptions options) =>
            options.Problem() is { } message ? ValidateOptionsResult.Fail($"{Section}: {message}") : ValidateOptionsResult.Success;
    }
}

/// <summary>One dump in the backup folder.</summary>
public sealed record BackupFile(string Name, string FullPath, long SizeBytes, DateTimeOffset CreatedAt, TimeSpan Age);

/// <summary>What one backup run did.</summary>
public sealed record BackupResult(string File, long SizeBytes, double DurationSeconds, IReadOnlyList<string> Deleted);

/// <summary>
/// The dumps <see cref="DatabaseBackup"/> made, by their names (<c>studenthub_20261124T020000Z.dump</c>): other files in the
/// folder are neither listed nor deleted.
/// </summary>
public sealed class BackupCatalog(IOptions<BackupOptions> options, TimeProvider clock)
{
    private static readonly Regex Name = new(@"^studenthub_(\d{8}T\d{6}Z)\.dump$", RegexOptions.CultureInvariant);

    public string Folder { get; } = options.Value.ResolveFolder();

    public static string FileName(DateTimeOffset at) => $"studenthub_{at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.dump";

    /// <summary>The backups, newest first, with their sizes and ages (from the files' times).</summary>
    public Task<IReadOnlyList<BackupFile>> ListAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<BackupFile> files = !Directory.Exists(Folder)
            ? []
            : new DirectoryInfo(Folder).EnumerateFiles("studenthub_*.dump")
                .Where(f => Name.IsMatch(f.Name))
                .Select(f => new BackupFile(f.Name, f.FullName, f.Length, f.LastWriteTimeUtc, now - new DateTimeOffset(f.LastWriteTimeUtc)))
                .OrderByDescending(f => f.CreatedAt)
                .ToList();
        return Task.FromResult(files);
    }
}

/// <summary>
/// <c>pg_dump -Fc</c> of the app's database into <see cref="BackupOptions.Folder"/>, then the deletion of this backup's own
/// dumps older than <see cref="BackupOptions.KeepDays"/>. Restoring is described in <c>docs/operations-backup.md</c>.
/// </summary>
/// <remarks>
/// The password goes to pg_dump in <c>PGPASSWORD</c>, never on its command line (which other users of the machine can
/// read). The dump is written under a temporary name and renamed when complete, so a failed or cancelled run leaves no
/// half file that looks like a backup, and old dumps are deleted only after a new one succeeded.
/// </remarks>
public sealed class DatabaseBackup(string connectionString, BackupCatalog catalog, IOptions<BackupOptions> options, TimeProvider clock, ILogger<DatabaseBackup> logger)
{
    public const string TaskType = "database_backup";

    public async Task<BackupResult> RunAsync(CancellationToken ct = default)
    {
        var pgDump = FindTool("pg_dump")
            ?? throw new InvalidOperationException("pg_dump was found neither on PATH nor in /usr/lib/postgresql/*/bin (apt-get install postgresql-client).");
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        Directory.CreateDirectory(catalog.Folder);

        var started = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var file = Path.Combine(catalog.Folder, BackupCatalog.FileName(started));
        var partial = file + ".partial";

        var startInfo = new ProcessStartInfo(pgDump)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--format=custom", "--file", partial, "--no-password",
                     "--host", connection.Host ?? "localhost", "--port", connection.Port.ToString(CultureInfo.InvariantCulture),
                     "--username", connection.Username ?? "postgres", "--dbname", connection.Database ?? "studenthub"])
            startInfo.ArgumentList.Add(argument);
        if (!string.IsNullOrEmpty(connection.Password))
            startInfo.Environment["PGPASSWORD"] = connection.Password;
        startInfo.Environment["PGAPPNAME"] = "studenthub-backup";

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {pgDump}.");
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            File.Delete(partial);
            throw;
        }
        if (process.ExitCode != 0)
        {
            File.Delete(partial);
            throw new InvalidOperationException($"pg_dump exited with {process.ExitCode}: {(await stderr).Trim()}");
        }
        File.Move(partial, file, overwrite: true);
        stopwatch.Stop();

        var size = new FileInfo(file).Length;
        var deleted = await DeleteOldAsync(ct);
        logger.LogInformation("Backed up database {Database} to {File} ({Size} bytes, {Duration:0.0} s); deleted {Deleted} old dumps",
            connection.Database, file, size, stopwatch.Elapsed.TotalSeconds, deleted.Count);
        return new BackupResult(file, size, Math.Round(stopwatch.Elapsed.TotalSeconds, 3), deleted);
    }

    /// <summary>Deletes this backup's dumps whose file time is more than <see cref="BackupOptions.KeepDays"/> days ago; returns their names.</summary>
    public async Task<IReadOnlyList<string>> DeleteOldAsync(CancellationToken ct = default)
    {
        var keepFrom = clock.GetUtcNow().AddDays(-options.Value.KeepDays);
        var deleted = new List<string>();
        foreach (var backup in await catalog.ListAsync(ct))
        {
            if (backup.CreatedAt >= keepFrom)
                continue;
            File.Delete(backup.FullPath);
            deleted.Add(backup.Name);
        }
        return deleted;
    }

    /// <summary>
    /// A PostgreSQL client program: on PATH, else the newest <c>/usr/lib/postgresql/*/bin</c> (where Debian keeps it, as
    /// <see cref="Database.LocalPostgresCluster.FindServerBinaries()"/> finds the server's).
    /// </summary>
    public static string? FindTool(string tool) => FindTool(tool, Environment.GetEnvironmentVariable("PATH") ?? "", "/usr/lib/postgresql");

    public static string? FindTool(string tool, string searchPath, string debianRoot)
    {
        var onPath = searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
            return onPath;
        if (!Directory.Exists(debianRoot))
            return null;
        return Directory.GetDirectories(debianRoot)
            .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : 0, Path: Path.Combine(dir, "bin", tool)))
            .Where(x => File.Exists(x.Path))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Path)
            .FirstOrDefault();
    }
}

/// <summary>The scheduled task type <c>database_backup</c>: one run of <see cref="DatabaseBackup"/>; output file, size, duration.</summary>
public sealed class DatabaseBackupTask(DatabaseBackup backup) : ITaskHandler
{
    public async Task<Dictionary<string, JsonElement>?> RunAsync(TaskRunContext run, CancellationToken ct) =>
        TaskOutput.From(await backup.RunAsync(ct));
}
