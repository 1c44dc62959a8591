using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StudentHub.Web.Scheduler;

namespace StudentHub.Web.Health;

/// <summary>
/// Whether this instance's scheduler still beats: the last beat ended less than three beats (and some slack) ago, or
/// one is under way and younger than the run lease. With the scheduler off there is nothing to wait for.
/// </summary>
/// <remarks>
/// A beat waits for its handlers (and Coravel skips the beats that would overlap it), so a long run, a backup say,
/// stops the beats without anything being wrong: only a beat older than <see cref="SchedulerOptions.LeaseSeconds"/>,
/// which every run ends (or times out) before, is a stuck dispatcher.
/// </remarks>
public sealed class SchedulerHealthCheck(SchedulerBeats beats, IOptions<SchedulerOptions> options, TimeProvider clock) : IHealthCheck
{
    /// <summary>Before the first beat: the built-in tasks are made and Coravel's first tick comes within a few seconds.</summary>
    public static readonly TimeSpan StartupGrace = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(10);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!settings.Enabled)
            return Task.FromResult(HealthCheckResult.Healthy("scheduler off"));

        var now = clock.GetUtcNow();
        var (started, finished, running) = beats.Last();
        var result = (running, finished) switch
        {
            (true, _) => Judge(now - started!.Value, TimeSpan.FromSeconds(settings.LeaseSeconds), "a beat under way since"),
            (false, { } end) => Judge(now - end, TimeSpan.FromSeconds(3 * settings.BeatSeconds) + Slack, "the last beat ended"),
            _ => Judge(now - beats.Since, StartupGrace, "no beat yet; started"),
        };
        return Task.FromResult(result);
    }

    private static HealthCheckResult Judge(TimeSpan age, TimeSpan limit, string what)
    {
        var description = string.Create(CultureInfo.InvariantCulture, $"{what} {age.TotalSeconds:F0} s ago (limit {limit.TotalSeconds:F0} s)");
        return age <= limit ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description);
    }
}
