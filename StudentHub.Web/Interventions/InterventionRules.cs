using System.Globalization;
using System.Resources;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Interventions;

/// <summary>
/// An intervention's lifecycle and progress as pure rules, so the page, the service and the tests read the same table:
/// active ↔ paused; active or paused → completed or cancelled; completed and cancelled are final. A refusal comes back
/// in words (<c>InterventionRules.resx</c>) for the reader.
/// </summary>
public static class InterventionRules
{
    private static readonly ResourceManager Resources = new(typeof(InterventionRules).FullName!, typeof(InterventionRules).Assembly);

    /// <summary>Whether an intervention in this status can change no more.</summary>
    public static bool IsFinal(InterventionStatus status) => status is InterventionStatus.Completed or InterventionStatus.Cancelled;

    /// <summary>Null when <paramref name="from"/> may become <paramref name="to"/>, else why not.</summary>
    public static string? Check(InterventionStatus from, InterventionStatus to) => (from, to) switch
    {
        (InterventionStatus.Completed, _) => Text("CompletedIsFinal"),
        (InterventionStatus.Cancelled, _) => Text("CancelledIsFinal"),
        _ when from == to => string.Format(CultureInfo.CurrentCulture, Text("AlreadyInStatus"), InterventionLabels.Status(to)),
        _ => null,
    };

    /// <summary>The statuses an intervention in <paramref name="from"/> may move to, in the lifecycle's order.</summary>
    public static IReadOnlyList<InterventionStatus> AllowedFrom(InterventionStatus from) =>
        Enum.GetValues<InterventionStatus>().Where(to => Check(from, to) is null).ToList();

    /// <summary>Null when the steps of an intervention in <paramref name="status"/> may be ticked or unticked, else why not.</summary>
    public static string? CheckStepChange(InterventionStatus status) => status switch
    {
        InterventionStatus.Completed => Text("CompletedIsFinal"),
        InterventionStatus.Cancelled => Text("CancelledIsFinal"),
        _ => null,
    };

    /// <summary>Progress as the path says it: the steps ticked done out of all the steps.</summary>
    public static InterventionProgress ProgressOf(IReadOnlyCollection<LearningPathStep> path) =>
        new() { Completed = path.Count(s => s.CompletedAt is not null), Total = path.Count };

    /// <summary>
    /// An active intervention nobody has moved forward for longer than <paramref name="after"/>: no step ticked since it
    /// was made, or since the last tick. Paused ones are waiting on purpose, finished ones are done.
    /// </summary>
    public static bool IsStalled(InterventionStatus status, DateTimeOffset createdAt, DateTimeOffset? progressedAt, DateTimeOffset now, TimeSpan after) =>
        status == InterventionStatus.Active && now - (progressedAt ?? createdAt) > after;

    private static string Text(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
}
