using StudentHub.Web.Security;
using StudentHub.Web.Timeline;

namespace StudentHub.Web.Interventions;

/// <summary>
/// What the intervention form suggests for a student: the concepts of their recent events (the timeline's bounded read
/// of the newest events), and the mastery computed for each (<see cref="StudentMastery"/>), to start a weak area's
/// current mastery from, and the target a new weak area starts at (the model's, as automatic interventions use).
/// </summary>
public sealed class InterventionSuggestions(TimelineStudents timeline, StudentMastery mastery, SchoolScope scope)
{
    /// <summary>The mastery a concept should reach (<see cref="MasteryOptions.Target"/>, 0.85 unless configured).</summary>
    public double Target => mastery.Options.Target;

    public Task<IReadOnlyList<string>> ConceptsAsync(Guid studentId, CancellationToken ct = default) =>
        timeline.ConceptsAsync(studentId, ct);

    /// <summary>The computed mastery (0–1, two decimals, as the form shows it) by concept; a concept without graded attempts has none.</summary>
    public async Task<IReadOnlyDictionary<string, double>> MasteryAsync(Guid studentId, CancellationToken ct = default)
    {
        var estimates = await mastery.LoadAsync(studentId, await scope.SchoolIdsAsync(ct), ct);
        return estimates.ToDictionary(e => e.Concept, e => Math.Round(e.Mastery, 2), StringComparer.OrdinalIgnoreCase);
    }
}
