using System.Diagnostics;
using StudentHub.Web.Database;

namespace StudentHub.Benchmarks;

/// <summary>StudentHub.Web run from the build output as a separate process, on a free loopback port, against the benchmark's database.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>The app's resident memory now, as the operating system counts it.</summary>
    public long ResidentBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <param name="settings">Configuration for the app beyond the connection string, as environment variables (<c>Section__Key</c>).</param>
    public static async Task<AppProcess> StartAsync(
        string connectionString, ILogger logger, CancellationToken ct, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = LocalPostgresCluster.FreePort();
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "StudentHub.Web.dll"));
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add($"http://127.0.0.1:{port}");
        startInfo.Environment["ConnectionStrings__StudentHub"] = connectionString;
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // As a production app logs: warnings and errors, not a line per request.
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            startInfo.Environment[name] = value;

        var app = new AppProcess(Process.Start(startInfo)!, new Uri($"http://127.0.0.1:{port}"));
        app._process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (app._process.HasExited)
                throw new InvalidOperationException("The app stopped while starting:\n" + app.LastLines());
            try
            {
                // Any answer from the API's fallback (404) means the app is serving.
                using var response = await probe.GetAsync("/api/ready", ct);
                break;
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(250, ct);
            }
        }
        logger.LogInformation("The app serves on {Address} (started in {Elapsed})", app.BaseAddress, deadline.Elapsed);
        return app;
    }

    /// <summary>The app's last lines of output (it logs warnings and errors only), for a report.</summary>
    public string LastLines()
    {
        lock (_lastLines)
            return string.Join('\n', _lastLines);
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40)
                _lastLines.Dequeue();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
