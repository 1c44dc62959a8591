using Npgsql;

namespace StudentHub.Benchmarks;

/// <summary>Captured SQL run the plain way, as the "raw" side of every comparison, and explained for the report.</summary>
internal static class RawSql
{
    /// <summary>Runs the commands on <paramref name="connection"/>, reading every value as a caller of the app's query would; returns how many.</summary>
    public static async Task<long> RunOnAsync(NpgsqlConnection connection, IReadOnlyList<CapturedCommand> commands, CancellationToken ct)
    {
        var values = 0L;
        foreach (var captured in commands)
        {
            await using var command = captured.CreateCommand(connection);
            command.CommandTimeout = 0;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i))
                        _ = reader.GetValue(i);
                    values++;
                }
            }
        }
        return values;
    }

    /// <summary>The commands through one pooled connection of <paramref name="dataSource"/>, as the app gets its connections.</summary>
    public static async Task RunAsync(NpgsqlDataSource dataSource, IReadOnlyList<CapturedCommand> commands, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await RunOnAsync(connection, commands, ct);
    }

    /// <summary><c>EXPLAIN (ANALYZE, BUFFERS)</c> of one captured statement, with its parameters.</summary>
    public static async Task<string> ExplainAsync(NpgsqlConnection connection, CapturedCommand captured, CancellationToken ct)
    {
        await using var command = (captured with { Sql = "EXPLAIN (ANALYZE, BUFFERS) " + captured.Sql }).CreateCommand(connection);
        command.CommandTimeout = 0;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}
