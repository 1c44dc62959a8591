using Coravel.Invocable;
using StudentHub.Web.Health;

namespace StudentHub.Web.Scheduler;

/// <summary>Coravel's job: each beat hands over to the <see cref="TaskDispatcher"/>, which does the real scheduling in the database.
/// Each beat's start and end go to <see cref="SchedulerBeats"/>, for the readiness check.</summary>
public sealed class SchedulerHeartbeat(TaskDispatcher dispatcher, SchedulerBeats beats) : IInvocable, ICancellableInvocable
{
    /// <summary>Set by Coravel; cancelled when the app stops.</summary>
    public CancellationToken CancellationToken { get; set; }

    public async Task Invoke()
    {
        beats.Started();
        try
        {
            await dispatcher.BeatAsync(CancellationToken);
        }
        finally
        {
            beats.Finished();
        }
    }
}
