using System.Diagnostics;

namespace StudentHub.Tests.Infrastructure;

/// <summary>The web app run as an operator runs its commands: a separate process, configured by environment, stdin closed as in a script.</summary>
public static class WebAppProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string connectionString, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "StudentHub.Web.dll"));
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        startInfo.Environment["ConnectionStrings__StudentHub"] = connectionString;
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // The messages asserted are the English ones, whatever the machine's locale.
        startInfo.Environment["LC_ALL"] = "en_US.UTF-8";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                startInfo.Environment.Remove(name);
            else
                startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
