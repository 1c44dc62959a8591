using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.Scheduler;

/// <summary>The monthly upkeep of learning_history: months ahead made, months older than two years detached into schema archive.</summary>
public sealed class PartitionMaintenanceTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task DryRun_ChangesNothing_ThenRun_MakesSixMonthsAhead_AndArchivesTheOldPartitionWithItsRows()
    {
        var maintenance = new PartitionMaintenance(database.ContextFactory(), TimeProvider.System);
        var sixAhead = PartitionMaintenance.PartitionName(maintenance.Months()[^1]);
        Assert.Equal(PartitionMaintenance.PartitionName(DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6)), sixAhead);
        // The migration made it; an empty partition dropped stands for a month the job has not reached yet.
        await Sql.ExecuteAsync(database.ConnectionString, $"DROP TABLE {sixAhead}");
        var student = await Sql.ScalarAsync<Guid>(database.ConnectionString,
            "INSERT INTO students (name, school_id, grade) VALUES ('옛 학생', 'SCH001', 9) RETURNING id");
        await Sql.ExecuteAsync(database.ConnectionString, $"""
            SELECT create_learning_history_partition('2019-01-15');
            INSERT INTO learning_history (student_id, event_type, source_node, content, occurred_at)
            VALUES ('{student}', 'study', 1, '{"{}"}', '2019-01-20T10:00:00Z');
            """);

        var plan = await maintenance.PlanAsync();

        Assert.Equal([sixAhead], plan.Made);
        Assert.Equal(["learning_history_2019_01"], plan.Archived);
        Assert.False(await ExistsAsync("public", sixAhead));
        Assert.True(await IsPartitionAsync("learning_history_2019_01"));

        var done = await maintenance.RunAsync();

        Assert.Equal(plan.Made, done.Made);
        Assert.Equal(plan.Archived, done.Archived);
        Assert.True(await IsPartitionAsync(sixAhead));
        Assert.False(await IsPartitionAsync("learning_history_2019_01"));
        Assert.False(await ExistsAsync("public", "learning_history_2019_01"));
        Assert.True(await ExistsAsync("archive", "learning_history_2019_01"));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM archive.learning_history_2019_01"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM learning_history WHERE occurred_at < '2020-01-01'"));

        var again = await maintenance.PlanAsync();
        Assert.Empty(again.Made);
        Assert.Empty(again.Archived);
    }

    [Fact]
    public async Task Handler_ReportsMadeAndArchived()
    {
        var handler = new PartitionMaintenanceTask(new PartitionMaintenance(database.ContextFactory(), TimeProvider.System));

        var output = await handler.RunAsync(null!, CancellationToken.None);

        Assert.NotNull(output);
        Assert.Equal(["archived", "made"], output.Keys.Order());
    }

    private Task<bool> IsPartitionAsync(string name) => Sql.ScalarAsync<bool>(database.ConnectionString,
        "SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = 'public.learning_history'::regclass AND inhrelid = to_regclass('public.' || $1))", name);

    private Task<bool> ExistsAsync(string schema, string name) =>
        Sql.ScalarAsync<bool>(database.ConnectionString, "SELECT to_regclass($1 || '.' || $2) IS NOT NULL", schema, name);
}
