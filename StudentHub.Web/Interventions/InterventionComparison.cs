using StudentHub.Data.Entities;

namespace StudentHub.Web.Interventions;

/// <summary>The parts of an intervention the conflict dialog compares.</summary>
public enum InterventionPart
{
    Status,
    WeakArea,
    Step,
}

/// <summary>One part of an intervention in two versions, as the conflict dialog shows it; <paramref name="Number"/> is the weak area's priority or the step's number.</summary>
public sealed record InterventionPartComparison(InterventionPart Part, int Number, string Theirs, string Mine, bool Differs);

/// <summary>
/// Two versions of an intervention side by side: the one in the database now (theirs) and the form's (mine), by
/// status, by weak area in priority order and by step in order. A part one version lacks is empty on that side. A
/// step shows "done" on the form's side only if the save would keep its tick (<see cref="InterventionInput.KeepsTick"/>),
/// so a step merely ticked meanwhile is not marked as a difference.
/// </summary>
public static class InterventionComparison
{
    /// <param name="mineStatus">The status the form loaded: the form does not change it, but someone may have (paused it, say).</param>
    public static IReadOnlyList<InterventionPartComparison> Compare(InterventionDraft theirs, InterventionInput mine, InterventionStatus mineStatus)
    {
        var rows = new List<InterventionPartComparison> { Row(InterventionPart.Status, 0, InterventionLabels.Status(theirs.Status), InterventionLabels.Status(mineStatus)) };
        var (theirAreas, myAreas) = (theirs.Input.WeakAreas, mine.WeakAreas);
        for (var i = 0; i < Math.Max(theirAreas.Count, myAreas.Count); i++)
        {
            rows.Add(Row(InterventionPart.WeakArea, i + 1,
                i < theirAreas.Count ? InterventionFormLabels.Summary(theirAreas[i]) : "",
                i < myAreas.Count ? InterventionFormLabels.Summary(myAreas[i]) : ""));
        }
        var (theirSteps, mySteps) = (theirs.Input.Steps, mine.Steps);
        for (var i = 0; i < Math.Max(theirSteps.Count, mySteps.Count); i++)
        {
            rows.Add(Row(InterventionPart.Step, i + 1,
                i < theirSteps.Count ? InterventionFormLabels.Summary(theirSteps[i], theirSteps[i].CompletedAt is not null) : "",
                i < mySteps.Count ? InterventionFormLabels.Summary(mySteps[i], InterventionInput.KeepsTick(mySteps[i], theirSteps)) : ""));
        }
        return rows;
    }

    private static InterventionPartComparison Row(InterventionPart part, int number, string theirs, string mine) =>
        new(part, number, theirs, mine, theirs != mine);
}
