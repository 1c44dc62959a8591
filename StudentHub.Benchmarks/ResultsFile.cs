using System.Text;

namespace StudentHub.Benchmarks;

/// <summary>
/// docs/benchmarks.md: one section per benchmark and scale between HTML comment markers. A run replaces its own
/// section and leaves the others (and any text outside the markers) as they are.
/// </summary>
internal static class ResultsFile
{
    private const string Header =
        """
        # Benchmarks

        Measured by `StudentHub.Benchmarks` (a console app, not a test: `dotnet test` does not run it). It seeds the chosen
        scale through the app's own binary-COPY seeder (`DemoDataSeeder`) unless it is given a database already seeded at that
        scale, times the app's own queries, and compares them with the same SQL run raw in the same process.

        ```sh
        # a throwaway PostgreSQL cluster from the local server binaries (deleted afterwards):
        dotnet run -c Release --project StudentHub.Benchmarks -- students --students 1000000 --iterations 200
        # or a database of your own (empty, or already seeded at that scale), or keep the cluster for quick reruns:
        dotnet run -c Release --project StudentHub.Benchmarks -- students --connection "Host=…;Database=…;Username=…;Password=…"
        dotnet run -c Release --project StudentHub.Benchmarks -- students --cluster-dir /tmp/studenthub-bench
        ```

        Each section below is rewritten by the run that produced it (one section per benchmark and scale).

        """;

    /// <summary>The repository's docs/benchmarks.md: found from the working folder up, else from the program's folder up.</summary>
    public static string DefaultPath()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "StudentHub.sln")))
                    return Path.Combine(dir.FullName, "docs", "benchmarks.md");
            }
        }
        return Path.Combine(Directory.GetCurrentDirectory(), "docs", "benchmarks.md");
    }

    public static void Update(string path, string key, string section)
    {
        var begin = $"<!-- benchmark:{key}:begin -->";
        var end = $"<!-- benchmark:{key}:end -->";
        var block = $"{begin}\n{section.TrimEnd()}\n{end}";

        var text = File.Exists(path) ? File.ReadAllText(path) : Header;
        var from = text.IndexOf(begin, StringComparison.Ordinal);
        var to = from < 0 ? -1 : text.IndexOf(end, from, StringComparison.Ordinal);
        text = from >= 0 && to >= 0
            ? text[..from] + block + text[(to + end.Length)..]
            : text.TrimEnd() + "\n\n" + block + "\n";

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
