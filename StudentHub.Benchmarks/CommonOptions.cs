using System.CommandLine;

namespace StudentHub.Benchmarks;

/// <summary>The options every benchmark takes: which database, how its own cluster runs, and where the results go.</summary>
internal sealed class CommonOptions
{
    private readonly Option<string?> _connection = new("--connection")
    {
        Description = $"A database to use (else {BenchmarkDatabase.EnvironmentVariable}, else a throwaway local cluster): empty, or seeded at this scale.",
    };

    private readonly Option<string?> _clusterDir = new("--cluster-dir") { Description = "Keep the local cluster in this folder (stopped) and reuse it next time, instead of a throwaway one." };

    private readonly Option<string[]> _serverSettings = new("--server-setting")
    {
        Description = "An extra name=value setting for the local cluster (repeatable), e.g. shared_buffers=1GB.", DefaultValueFactory = _ => [],
    };

    private readonly Option<string?> _results = new("--results") { Description = "The Markdown file to write the results into (default: docs/benchmarks.md of the repository)." };

    private readonly Option<bool> _noResults = new("--no-results") { Description = "Print only; leave the results file alone." };

    /// <summary>
    /// Adds these options to <paramref name="command"/> and runs it on the settings <paramref name="read"/> makes of
    /// its command line; settings <paramref name="refuse"/> has a reason against are not run: the reason goes to
    /// standard error, and the exit code is 1.
    /// </summary>
    public void SetAction<TSettings>(
        Command command, Func<ParseResult, TSettings> read, Func<TSettings, string?> refuse, Func<TSettings, CancellationToken, Task<int>> run)
    {
        foreach (var option in new Option[] { _connection, _clusterDir, _serverSettings, _results, _noResults })
            command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var settings = read(parse);
            if (refuse(settings) is { } reason)
            {
                await Console.Error.WriteLineAsync(reason);
                return 1;
            }
            return await run(settings, ct);
        });
    }

    public string? Connection(ParseResult parse) => parse.GetValue(_connection);

    public string? ClusterDirectory(ParseResult parse) => parse.GetValue(_clusterDir);

    public IReadOnlyList<string> ServerSettings(ParseResult parse) => parse.GetValue(_serverSettings) ?? [];

    /// <summary>The results file to update, or null with <c>--no-results</c>.</summary>
    public string? ResultsPath(ParseResult parse) => parse.GetValue(_noResults) ? null : parse.GetValue(_results) ?? ResultsFile.DefaultPath();
}
