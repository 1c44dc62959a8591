using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace StudentHub.Data;

/// <summary>How every part of the hub (the app, its commands, the tests) configures the DbContext.</summary>
public static class StudentHubDatabase
{
    public static DbContextOptionsBuilder UseStudentHub(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", "public"))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new LearningHistoryPartitionInterceptor());

    public static DbContextOptions<StudentHubDbContext> Options(string connectionString) =>
        ((DbContextOptionsBuilder<StudentHubDbContext>)new DbContextOptionsBuilder<StudentHubDbContext>()
            .UseStudentHub(connectionString)).Options;

    /// <summary>Creates the partition for <paramref name="month"/> if it is missing (idempotent, safe under concurrency).</summary>
    public static async Task EnsurePartitionAsync(NpgsqlConnection connection, DateOnly month, CancellationToken ct = default)
    {
        await using var command = new NpgsqlCommand("SELECT create_learning_history_partition($1)", connection);
        command.Parameters.AddWithValue(month);
        await command.ExecuteNonQueryAsync(ct);
    }
}
