namespace StudentHub.Web.Activity;

/// <summary>
/// Tells the open activity pages of this app instance that events were just stored, so they look at once instead of
/// at their next poll. Only a nudge: pages still poll, because events stored through another instance never pass here.
/// </summary>
public sealed class ActivityNotifier(ILogger<ActivityNotifier> logger)
{
    /// <summary>Raised on the storing request's thread: a handler hands the work to its own context and returns.</summary>
    public event Action? EventsStored;

    public void NotifyEventsStored()
    {
        foreach (var handler in EventsStored?.GetInvocationList().Cast<Action>() ?? [])
        {
            try
            {
                handler();
            }
            catch (Exception e)
            {
                // The events are committed by now: a page that cannot be told must not fail the node's request.
                logger.LogWarning(e, "An activity page could not be told of new events.");
            }
        }
    }
}
