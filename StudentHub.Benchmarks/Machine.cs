using System.Runtime.InteropServices;
using Npgsql;

namespace StudentHub.Benchmarks;

/// <summary>What the numbers were measured on: the machine, the runtime and the PostgreSQL server and its settings.</summary>
internal sealed record Machine(
    int Cores, string Cpu, string Memory, string OperatingSystem, string Runtime, string PostgreSql, IReadOnlyList<(string Name, string Value)> Settings)
{
    /// <summary>The hardware and runtime, for a report's Machine line.</summary>
    public string Hardware => $"{Cores} cores ({Cpu}), {Memory} RAM, {OperatingSystem}, {Runtime}";

    /// <summary>The server and the settings that shape plans, for a report's PostgreSQL line.</summary>
    public string Server => $"{PostgreSql}; " + string.Join(", ", Settings.Select(s => $"{s.Name}={s.Value}"));

    private static readonly string[] SettingNames =
        ["shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "max_parallel_workers_per_gather", "jit", "fsync"];

    public static async Task<Machine> DescribeAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        string version;
        await using (var command = new NpgsqlCommand("SELECT version()", connection))
            version = (string)(await command.ExecuteScalarAsync(ct))!;
        var settings = new List<(string, string)>();
        foreach (var name in SettingNames)
        {
            await using var command = new NpgsqlCommand($"SHOW {name}", connection);
            settings.Add((name, (string)(await command.ExecuteScalarAsync(ct))!));
        }
        return new Machine(
            Environment.ProcessorCount,
            ProcLine("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
            ProcLine("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], out var total)
                ? $"{total / 1024.0 / 1024.0:0.0} GiB"
                : "unknown",
            OsName(),
            RuntimeInformation.FrameworkDescription,
            version.Split(" on ")[0],
            settings);
    }

    /// <summary>The 1-, 5- and 15-minute load averages: the machine may be shared, and a busy neighbour shows in the timings.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? ProcLine(string file, string key)
    {
        if (!File.Exists(file))
            return null;
        return File.ReadLines(file)
            .Where(line => line.StartsWith(key, StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':') + 1)..].Trim())
            .FirstOrDefault();
    }

    private static string OsName()
    {
        if (File.Exists("/etc/os-release"))
        {
            var pretty = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            if (pretty is not null)
                return pretty["PRETTY_NAME=".Length..].Trim('"');
        }
        return RuntimeInformation.OSDescription;
    }
}
