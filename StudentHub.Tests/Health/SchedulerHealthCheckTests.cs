using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StudentHub.Tests.Scheduler;
using StudentHub.Web.Health;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.Health;

/// <summary>The scheduler's readiness check at a clock the test moves: recent beats pass, a silent or stuck scheduler fails.</summary>
public sealed class SchedulerHealthCheckTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    // 5-second beats: a beat is late after 3 × 5 + 10 = 25 s; a run is stuck after the 900-second lease.
    private readonly SchedulerOptions _options = new() { Enabled = true, BeatSeconds = 5, LeaseSeconds = 900, TimeoutSeconds = 600 };
    private readonly ManualClock _clock = new(Start);
    private readonly SchedulerBeats _beats;

    public SchedulerHealthCheckTests() => _beats = new SchedulerBeats(_clock);

    [Fact]
    public async Task SchedulerOff_IsHealthy_WhateverTheBeats()
    {
        _options.Enabled = false;
        _clock.Now = Start.AddHours(1);

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("scheduler off", result.Description);
    }

    [Fact]
    public async Task BeforeTheFirstBeat_IsHealthy_DuringTheStartupGrace_ThenUnhealthy()
    {
        _clock.Now = Start + SchedulerHealthCheck.StartupGrace;
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        _clock.Now = Start + SchedulerHealthCheck.StartupGrace + TimeSpan.FromSeconds(1);
        var late = await CheckAsync();
        Assert.Equal(HealthStatus.Unhealthy, late.Status);
        Assert.StartsWith("no beat yet", late.Description);
    }

    [Fact]
    public async Task ARecentBeat_IsHealthy_AStaleOne_Unhealthy()
    {
        _clock.Now = Start.AddSeconds(5);
        _beats.Started();
        _beats.Finished();

        _clock.Now = Start.AddSeconds(5 + 25);
        var recent = await CheckAsync();
        Assert.Equal(HealthStatus.Healthy, recent.Status);
        Assert.Equal("the last beat ended 25 s ago (limit 25 s)", recent.Description);

        _clock.Now = Start.AddSeconds(5 + 26);
        var stale = await CheckAsync();
        Assert.Equal(HealthStatus.Unhealthy, stale.Status);
        Assert.Equal("the last beat ended 26 s ago (limit 25 s)", stale.Description);
    }

    [Fact]
    public async Task ABeatUnderWay_IsHealthy_UntilItOutlivesTheLease()
    {
        _beats.Started();
        _clock.Now = Start.AddMinutes(10); // a long run (a backup) holds the beat: no new one starts meanwhile
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        _clock.Now = Start.AddSeconds(901);
        var stuck = await CheckAsync();
        Assert.Equal(HealthStatus.Unhealthy, stuck.Status);
        Assert.StartsWith("a beat under way since", stuck.Description);
    }

    private Task<HealthCheckResult> CheckAsync() =>
        new SchedulerHealthCheck(_beats, Options.Create(_options), _clock).CheckHealthAsync(new HealthCheckContext());
}
