using Microsoft.Extensions.Options;
using Npgsql;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.DatabaseHealth;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.DatabaseHealth;

/// <summary>Each section of the database page, read from a real database in the state the test puts it in.</summary>
public sealed class DatabaseStatisticsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly string _backups = Directory.CreateTempSubdirectory("studenthub-dbpage-").FullName;

    private DatabaseStatistics Statistics()
    {
        var options = Options.Create(new BackupOptions { Folder = _backups });
        return new DatabaseStatistics(database.ContextFactory(), new BackupCatalog(options, TimeProvider.System), options, TimeProvider.System);
    }

    [Fact]
    public async Task Tables_IncludeStudentsAndTheLearningHistoryPartitions_WithTheirSizes()
    {
        await AddStudentAsync();
        var current = PartitionMaintenance.PartitionName(FirstOfThisMonth());

        var tables = await Statistics().TablesAsync();

        Assert.True(tables.Single(t => t.Name == "students").TotalBytes > 0);
        var partition = tables.Single(t => t.Name == current);
        Assert.True(partition.TotalBytes > 0);
        Assert.Equal(partition.TableBytes + partition.IndexBytes, partition.TotalBytes);
    }

    [Fact]
    public async Task ArchivedPartition_IsListedApart_AndPartitionsAheadCountTheMonthsAfterThisOne()
    {
        await Sql.ExecuteAsync(database.ConnectionString, "SELECT create_learning_history_partition('2019-01-15')");
        await new PartitionMaintenance(database.ContextFactory(), TimeProvider.System).RunAsync();
        var statistics = Statistics();

        var partitions = await statistics.PartitionsAsync();

        var archived = Assert.Single(partitions, p => p.Name == "learning_history_2019_01");
        Assert.True(archived.Archived);
        Assert.Equal("archive", archived.Schema);
        Assert.Contains(partitions, p => !p.Archived && p.Name == PartitionMaintenance.PartitionName(FirstOfThisMonth()));

        var ahead = await statistics.PartitionsAheadAsync();
        var furthest = await Sql.ScalarAsync<string>(database.ConnectionString, """
            SELECT max(c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.learning_history'::regclass
            """);
        Assert.True(ahead.Months >= PartitionMaintenance.MonthsAhead, $"{ahead.Months} months ahead");
        Assert.Equal(furthest, ahead.Furthest);
        Assert.False(ahead.TooFew);

        // Every month from the sixth on dropped: five remain, fewer than the task keeps.
        var sixth = PartitionMaintenance.PartitionName(FirstOfThisMonth().AddMonths(6));
        await Sql.ExecuteAsync(database.ConnectionString, $"""
            DO $$ DECLARE p text; BEGIN
                FOR p IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                         WHERE i.inhparent = 'public.learning_history'::regclass AND c.relname >= '{sixth}' LOOP
                    EXECUTE format('DROP TABLE %I', p);
                END LOOP;
            END $$;
            """);

        var fewer = await statistics.PartitionsAheadAsync();

        Assert.Equal(5, fewer.Months);
        Assert.Equal(PartitionMaintenance.PartitionName(FirstOfThisMonth().AddMonths(5)), fewer.Furthest);
        Assert.True(fewer.TooFew);
    }

    [Fact]
    public async Task UnusedIndexes_LeaveOutPrimaryKeysAndUniqueConstraints()
    {
        var unused = await Statistics().UnusedIndexesAsync();

        Assert.NotEmpty(unused);
        Assert.All(unused, i => Assert.True(i.Bytes > 0));
        var enforcing = await Sql.ScalarAsync<long>(database.ConnectionString, """
            SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE c.relname = ANY($1) AND (i.indisprimary OR i.indisunique)
            """, (object)unused.Select(i => i.Index).ToArray());
        Assert.Equal(0L, enforcing);
        // There are unscanned primary keys to leave out, so the filter is what keeps them off the list.
        Assert.True(await Sql.ScalarAsync<long>(database.ConnectionString, """
            SELECT count(*) FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
            WHERE s.idx_scan = 0 AND i.indisprimary
            """) > 0);
    }

    [Fact]
    public async Task CacheHitRatio_IsBetweenZeroAndOne_AndDeadlocksAreCounted()
    {
        await AddStudentAsync();
        await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM students");
        var statistics = Statistics();

        CacheHitRatio? cache = null;
        await Eventually(async () => (cache = await statistics.CacheHitRatioAsync()).Ratio is not null);

        Assert.InRange(cache!.Ratio!.Value, 0, 1);
        Assert.True((await statistics.DeadlocksAsync()).Deadlocks >= 0);
        var connections = await statistics.ConnectionsAsync();
        Assert.True(connections.Total >= 1);
        Assert.True(connections.MaxConnections >= connections.Total);
    }

    [Fact]
    public async Task QueryRunningLongerThanFiveSeconds_IsListed_WithItsText()
    {
        await using var sleeper = new NpgsqlConnection(database.ConnectionString);
        await sleeper.OpenAsync();
        using var stop = new CancellationTokenSource();
        await using var command = new NpgsqlCommand("SELECT pg_sleep(60) /* database page test */", sleeper);
        var sleeping = command.ExecuteNonQueryAsync(stop.Token);
        var statistics = Statistics();

        try
        {
            List<LongRunningQuery> found = [];
            await Eventually(async () => (found = await statistics.LongRunningQueriesAsync()).Any(q => q.Pid == sleeper.ProcessID), TimeSpan.FromSeconds(20));

            var query = found.Single(q => q.Pid == sleeper.ProcessID);
            Assert.Equal("active", query.State);
            Assert.True(query.Seconds > 5);
            Assert.Contains("pg_sleep(60)", query.Query);
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => sleeping);
        }
    }

    [Fact]
    public async Task QueryWaitingForARowLock_IsListed_WithTheBackendHoldingIt()
    {
        var student = await AddStudentAsync();
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"SELECT id FROM students WHERE id = '{student}' FOR UPDATE", holder, transaction))
            await lockRow.ExecuteScalarAsync();
        await using var waiter = new NpgsqlConnection(database.ConnectionString);
        await waiter.OpenAsync();
        await using var update = new NpgsqlCommand($"UPDATE students SET grade = 8 WHERE id = '{student}'", waiter);
        var waiting = update.ExecuteNonQueryAsync();
        var statistics = Statistics();

        List<WaitingQuery> found = [];
        await Eventually(async () => (found = await statistics.WaitingQueriesAsync()).Any(q => q.Pid == waiter.ProcessID));

        var query = found.Single(q => q.Pid == waiter.ProcessID);
        Assert.Contains(holder.ProcessID, query.BlockedBy);
        Assert.StartsWith("UPDATE students", query.Query);

        await transaction.RollbackAsync();
        Assert.Equal(1, await waiting);
        Assert.DoesNotContain(await statistics.WaitingQueriesAsync(), q => q.Pid == waiter.ProcessID);
    }

    [Fact]
    public async Task Backups_AreNewestFirst_AndStaleWhenTheNewestIsOlderThan26Hours()
    {
        var statistics = Statistics();
        Assert.True((await statistics.BackupsAsync()).Stale);

        var old = Path.Combine(_backups, BackupCatalog.FileName(DateTimeOffset.UtcNow.AddHours(-30)));
        await File.WriteAllTextAsync(old, "dump");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-30));
        Assert.True((await statistics.BackupsAsync()).Stale);

        var fresh = Path.Combine(_backups, BackupCatalog.FileName(DateTimeOffset.UtcNow.AddHours(-2)));
        await File.WriteAllTextAsync(fresh, "dump");
        File.SetLastWriteTimeUtc(fresh, DateTime.UtcNow.AddHours(-2));

        var backups = await statistics.BackupsAsync();

        Assert.False(backups.Stale);
        Assert.Equal([Path.GetFileName(fresh), Path.GetFileName(old)], backups.Files.Select(f => f.Name));
    }

    public void Dispose() => Directory.Delete(_backups, recursive: true);

    private Task<Guid> AddStudentAsync() => Sql.ScalarAsync<Guid>(database.ConnectionString,
        "INSERT INTO students (name, school_id, grade) VALUES ('통계 학생', 'SCH001', 9) RETURNING id");

    private static DateOnly FirstOfThisMonth()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new DateOnly(today.Year, today.Month, 1);
    }

    /// <summary>Statistics views lag the backends a little: asks again until <paramref name="condition"/> holds.</summary>
    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan? patience = null)
    {
        var until = DateTime.UtcNow + (patience ?? Patience);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "The condition did not hold in time.");
            await Task.Delay(250);
        }
    }
}
