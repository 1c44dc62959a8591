namespace StudentHub.Web.Health;

/// <summary>
/// When this instance's scheduler heartbeat last started and finished, for <see cref="SchedulerHealthCheck"/>. Set by
/// <see cref="Scheduler.SchedulerHeartbeat"/>; one per process (a singleton), so it speaks for this instance only.
/// </summary>
public sealed class SchedulerBeats(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _started;
    private DateTimeOffset? _finished;
    private bool _running;

    /// <summary>When this object was made: at start-up (<see cref="HealthExtensions.MapHealth"/> asks for it), the start of the grace before a first beat.</summary>
    public DateTimeOffset Since { get; } = clock.GetUtcNow();

    public void Started()
    {
        lock (_lock)
            (_started, _running) = (clock.GetUtcNow(), true);
    }

    public void Finished()
    {
        lock (_lock)
            (_finished, _running) = (clock.GetUtcNow(), false);
    }

    /// <summary>The beat under way (its start), or the last one (its end); neither before the first beat.</summary>
    public (DateTimeOffset? Started, DateTimeOffset? Finished, bool Running) Last()
    {
        lock (_lock)
            return (_started, _finished, _running);
    }
}
