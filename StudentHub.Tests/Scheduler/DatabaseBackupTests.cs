using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.Scheduler;

/// <summary>pg_dump into the backup folder, the restore that docs/operations-backup.md describes, and seven days of dumps kept.</summary>
public sealed class DatabaseBackupTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IDisposable
{
    private static readonly string[] Tables = ["students", "learning_history", "interventions", "scheduled_tasks"];
    private readonly string _folder = Directory.CreateTempSubdirectory("studenthub-backups-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Backup_RestoredIntoAFreshDatabase_HasTheSameRowCounts()
    {
        await Sql.ExecuteAsync(database.ConnectionString, """
            INSERT INTO students (name, school_id, grade, email) SELECT '학생 ' || n, 'SCH001', 1 + n % 12, 's' || n || '@school.kr' FROM generate_series(1, 25) n;
            INSERT INTO learning_history (student_id, event_type, source_node, content, occurred_at)
            SELECT s.id, 'study', 1 + n % 6, jsonb_build_object('concept', '이차함수', 'n', n), now() - make_interval(days => n % 40)
            FROM students s CROSS JOIN generate_series(1, 8) n;
            INSERT INTO interventions (student_id, type, status, weak_areas, learning_path)
            SELECT id, 'auto', 'active', '[]', '[]' FROM students LIMIT 7;
            INSERT INTO scheduled_tasks (task_type, schedule_type, cron_expression, status, config)
            VALUES ('weekly_analytics', 'cron', '0 6 * * 1', 'active', '{}');
            """);
        var (backup, catalog) = Backup(TimeProvider.System);

        var result = await backup.RunAsync();

        Assert.True(File.Exists(result.File));
        Assert.StartsWith(_folder, result.File);
        Assert.True(result.SizeBytes > 0);
        var listed = Assert.Single(await catalog.ListAsync());
        Assert.Equal(result.File, listed.FullPath);
        Assert.Equal(result.SizeBytes, listed.SizeBytes);
        Assert.Empty(Directory.GetFiles(_folder, "*.partial"));

        var restoredName = "studenthub_restore_" + Guid.NewGuid().ToString("N")[..12];
        // As docs/operations-backup.md's createdb: a fresh database from template0.
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres" }.ConnectionString;
        await Sql.ExecuteAsync(server, $"CREATE DATABASE \"{restoredName}\" TEMPLATE template0 ENCODING 'UTF8'");
        var restored = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = restoredName }.ConnectionString;
        try
        {
            // As in docs/operations-backup.md: a fresh database, --no-owner, -j 2.
            var target = new NpgsqlConnectionStringBuilder(restored);
            var (exitCode, errors) = await RunAsync(DatabaseBackup.FindTool("pg_restore")!, target.Password,
                "--no-owner", "-j", "2", "--exit-on-error", "-h", target.Host!, "-p", target.Port.ToString(), "-U", target.Username!,
                "-d", target.Database!, result.File);
            Assert.True(exitCode == 0, errors);

            foreach (var table in Tables)
            {
                var count = $"SELECT count(*) FROM {table}";
                Assert.Equal(await Sql.ScalarAsync<long>(database.ConnectionString, count), await Sql.ScalarAsync<long>(restored, count));
            }
            Assert.Equal(200L, await Sql.ScalarAsync<long>(restored, "SELECT count(*) FROM learning_history"));
        }
        finally
        {
            await TestPostgresServer.DropDatabaseAsync(restoredName);
        }
    }

    [Fact]
    public async Task Handler_ReportsFileSizeAndDuration()
    {
        var (backup, _) = Backup(TimeProvider.System);

        var output = await new DatabaseBackupTask(backup).RunAsync(null!, CancellationToken.None);

        Assert.NotNull(output);
        Assert.True(File.Exists(output["file"].GetString()));
        Assert.True(output["size_bytes"].GetInt64() > 0);
        Assert.True(output["duration_seconds"].GetDouble() >= 0);
    }

    [Fact]
    public async Task OldDumps_AreDeleted_NewerOnesAndOtherFilesKept()
    {
        var now = DateTimeOffset.UtcNow;
        var eightDays = Dump(now.AddDays(-8));
        var sixDays = Dump(now.AddDays(-6));
        var today = Dump(now.AddHours(-1));
        var notOurs = Path.Combine(_folder, "manual-copy.dump");
        File.WriteAllText(notOurs, "x");
        File.SetLastWriteTimeUtc(notOurs, now.AddDays(-30).UtcDateTime);
        var (backup, catalog) = Backup(TimeProvider.System);

        var deleted = await backup.DeleteOldAsync();

        Assert.Equal([Path.GetFileName(eightDays)], deleted);
        Assert.False(File.Exists(eightDays));
        Assert.True(File.Exists(sixDays));
        Assert.True(File.Exists(today));
        Assert.True(File.Exists(notOurs));
        var listed = await catalog.ListAsync();
        Assert.Equal([Path.GetFileName(today), Path.GetFileName(sixDays)], listed.Select(b => b.Name));
        Assert.All(listed, b => Assert.Equal(3, b.SizeBytes));
        Assert.InRange(listed[1].Age, TimeSpan.FromDays(5.9), TimeSpan.FromDays(6.1));
    }

    [Fact]
    public void Options_RefuseKeepingFewerThanOneDay()
    {
        Assert.Null(new BackupOptions().Problem());
        Assert.Equal(7, new BackupOptions().KeepDays);
        Assert.NotNull(new BackupOptions { KeepDays = 0 }.Problem());
        Assert.True(new BackupOptions.Checked().Validate(null, new BackupOptions { KeepDays = 0 }).Failed);
        Assert.Equal(Path.GetFullPath("some/backups"), new BackupOptions { Folder = "some/backups" }.ResolveFolder());
    }

    private string Dump(DateTimeOffset at)
    {
        var path = Path.Combine(_folder, BackupCatalog.FileName(at));
        File.WriteAllText(path, "abc");
        File.SetLastWriteTimeUtc(path, at.UtcDateTime);
        return path;
    }

    private (DatabaseBackup Backup, BackupCatalog Catalog) Backup(TimeProvider clock)
    {
        var options = Options.Create(new BackupOptions { Folder = _folder });
        var catalog = new BackupCatalog(options, clock);
        return (new DatabaseBackup(database.ConnectionString, catalog, options, clock, NullLogger<DatabaseBackup>.Instance), catalog);
    }

    private static async Task<(int ExitCode, string Errors)> RunAsync(string tool, string? password, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        startInfo.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(startInfo)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await errors);
    }
}
