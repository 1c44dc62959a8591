using StudentHub.Data.Entities;

namespace StudentHub.Web.Interventions;

/// <summary>
/// One change an admin makes on the intervention page, kept as a value so that after a conflict it can be shown beside
/// the other admin's version and applied again to it.
/// </summary>
public abstract record InterventionChange
{
    /// <summary>Move the intervention to <paramref name="To"/>.</summary>
    public sealed record Status(InterventionStatus To) : InterventionChange;

    /// <summary>Tick step <paramref name="Number"/> done, or to do again.</summary>
    public sealed record Step(int Number, bool Done) : InterventionChange;

    /// <summary>
    /// <paramref name="seen"/> as this change would leave it, for the conflict dialog's "yours" column. A tick is marked
    /// at <paramref name="now"/>; the service stamps its own time when it writes.
    /// </summary>
    public InterventionDetail AppliedTo(InterventionDetail seen, DateTimeOffset now)
    {
        switch (this)
        {
            case Status status:
                return seen with
                {
                    Status = status.To,
                    CompletedAt = status.To == InterventionStatus.Completed ? now : seen.CompletedAt,
                };
            case Step step:
                var path = seen.LearningPath
                    .Select(s => Copy(s, s.Step == step.Number ? (step.Done ? s.CompletedAt ?? now : null) : s.CompletedAt))
                    .ToList();
                var progress = InterventionRules.ProgressOf(path);
                return seen with { LearningPath = path, Completed = progress.Completed, Total = progress.Total };
            default:
                throw new InvalidOperationException($"Unknown change {GetType().Name}.");
        }
    }

    private static LearningPathStep Copy(LearningPathStep step, DateTimeOffset? completedAt) => new()
    {
        Step = step.Step,
        Activity = step.Activity,
        Concept = step.Concept,
        ProblemSetId = step.ProblemSetId,
        NumProblems = step.NumProblems,
        EstimatedDuration = step.EstimatedDuration,
        CompletedAt = completedAt,
    };
}

/// <summary>What the admin chose in the conflict dialog.</summary>
public enum InterventionConflictChoice
{
    /// <summary>Drop the change and show the intervention as the other admin left it.</summary>
    KeepTheirs,

    /// <summary>Apply the same change to the other admin's version, knowingly.</summary>
    ApplyMine,
}
