using Coravel.Invocable;

namespace StudentHub.Web.Scheduler;

/// <summary>Coravel's job: each beat hands over to the <see cref="TaskDispatcher"/>, which does the real scheduling in the database.</summary>
public sealed class SchedulerHeartbeat(TaskDispatcher dispatcher) : IInvocable, ICancellableInvocable
{
    /// <summary>Set by Coravel; cancelled when the app stops.</summary>
    public CancellationToken CancellationToken { get; set; }

    public Task Invoke() => dispatcher.BeatAsync(CancellationToken);
}
