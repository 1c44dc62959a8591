using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace StudentHub.Data;

/// <summary>How every part of the hub (the app, its commands, the tests) configures the DbContext.</summary>
public static class StudentHubDatabase
{
    public static DbContextOptionsBuilder UseStudentHub(this DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new LearningHistoryPartitionInterceptor());

    public static DbContextOptions<StudentHubDbContext> Options(NpgsqlDataSource dataSource) =>
        ((DbContextOptionsBuilder<StudentHubDbContext>)new DbContextOptionsBuilder<StudentHubDbContext>()
            .UseStudentHub(dataSource)).Options;

    /// <summary>Creates the partition for <paramref name="month"/> if it is missing (idempotent, safe under concurrency).</summary>
    public static async Task EnsurePartitionAsync(NpgsqlConnection connection, DateOnly month, CancellationToken ct = default)
    {
        await using var command = new NpgsqlCommand("SELECT create_learning_history_partition($1)", connection);
        command.Parameters.AddWithValue(month);
        await command.ExecuteNonQueryAsync(ct);
    }
}
