using System.Globalization;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Interventions;

/// <summary>
/// The inputs of the intervention form that validation messages are filed under. A row's fields are addressed with
/// the row's place (<see cref="InterventionFieldKey.Row"/>, from 1); <see cref="WeakAreas"/> and <see cref="Steps"/>
/// are the lists themselves ("at least one").
/// </summary>
public enum InterventionField
{
    WeakAreas,
    Concept,
    CurrentMastery,
    TargetMastery,
    Steps,
    Activity,
    CustomActivity,
    StepConcept,
    ProblemSetId,
    NumProblems,
    Minutes,
}

/// <summary>Where a message belongs: a field of the <paramref name="Row"/>th weak area or step (from 1), or a whole list (row 0).</summary>
public readonly record struct InterventionFieldKey(InterventionField Field, int Row = 0);

/// <summary>The activities a step can be, as stored in <c>learning_path[].activity</c>; anything else is a custom activity.</summary>
public static class InterventionActivities
{
    public const string ReviewConcept = "review_concept";
    public const string Practice = "practice";
    public const string Assessment = "assessment";

    /// <summary>The form's choice for an activity typed in by hand; never stored as such.</summary>
    public const string Custom = "custom";

    public static readonly IReadOnlyList<string> Known = [ReviewConcept, Practice, Assessment];

    public static readonly IReadOnlyList<string> Choices = [ReviewConcept, Practice, Assessment, Custom];

    /// <summary>The activities that work on something named: a concept or a problem set is required.</summary>
    public static bool NeedsSubject(string? activity) => activity is ReviewConcept or Practice;
}

/// <summary>
/// What the intervention form holds, as typed: numbers stay text until they validate, so "0,7" or "abc" reaches the
/// validator and is answered instead of being lost in a conversion. Priority and step number are the rows' order.
/// </summary>
public sealed class InterventionInput
{
    public List<WeakAreaInput> WeakAreas { get; set; } = [];
    public List<StepInput> Steps { get; set; } = [];

    public static InterventionInput From(Intervention intervention) => new()
    {
        WeakAreas = intervention.WeakAreas.OrderBy(w => w.Priority).Select(w => new WeakAreaInput
        {
            Concept = w.Concept,
            CurrentMastery = Number(w.CurrentMastery),
            TargetMastery = Number(w.TargetMastery),
        }).ToList(),
        Steps = intervention.LearningPath.OrderBy(s => s.Step).Select(s => new StepInput
        {
            Activity = InterventionActivities.Known.Contains(s.Activity) ? s.Activity : InterventionActivities.Custom,
            CustomActivity = InterventionActivities.Known.Contains(s.Activity) ? null : s.Activity,
            Concept = s.Concept,
            ProblemSetId = s.ProblemSetId,
            NumProblems = s.NumProblems?.ToString(CultureInfo.InvariantCulture),
            // Two decimals are within a second of any duration, and the save rounds to whole seconds: an unchanged row keeps its seconds.
            Minutes = Math.Round(s.EstimatedDuration / 60.0, 2).ToString("0.##", CultureInfo.InvariantCulture),
            LoadedStep = s.Step,
            CompletedAt = s.CompletedAt,
        }).ToList(),
    };

    public InterventionInput Clone() => new()
    {
        WeakAreas = WeakAreas.Select(w => w.Clone()).ToList(),
        Steps = Steps.Select(s => s.Clone()).ToList(),
    };

    /// <summary>
    /// Whether <paramref name="row"/> keeps the tick of the step it was loaded from, among the <paramref name="stored"/>
    /// steps (as loaded): the rule <see cref="InterventionEditing"/> applies on save, for the form and its dialog to show.
    /// </summary>
    public static bool KeepsTick(StepInput row, IReadOnlyList<StepInput> stored) =>
        row.LoadedStep is { } number
        && stored.FirstOrDefault(s => s.LoadedStep == number) is { CompletedAt: not null } was
        && was.Identity() == row.Identity();

    /// <summary>A number as the form shows it: invariant (a dot), the shortest text that reads back the same.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

public sealed class WeakAreaInput
{
    public string? Concept { get; set; }
    public string? CurrentMastery { get; set; }
    public string? TargetMastery { get; set; }

    public WeakAreaInput Clone() => new() { Concept = Concept, CurrentMastery = CurrentMastery, TargetMastery = TargetMastery };
}

public sealed class StepInput
{
    /// <summary>One of <see cref="InterventionActivities.Choices"/>.</summary>
    public string? Activity { get; set; }

    /// <summary>The activity's name when <see cref="Activity"/> is <see cref="InterventionActivities.Custom"/>.</summary>
    public string? CustomActivity { get; set; }

    public string? Concept { get; set; }
    public string? ProblemSetId { get; set; }
    public string? NumProblems { get; set; }

    /// <summary>The estimated duration in minutes (stored in seconds).</summary>
    public string? Minutes { get; set; }

    /// <summary>The stored step this row was loaded from (its number then); null for a row added in the form.</summary>
    public int? LoadedStep { get; set; }

    /// <summary>When the loaded step was ticked done, for the form to show; the save decides from the database, not from this.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>What makes a step the same step, as it would be stored: its activity, concept and problem set.</summary>
    public (string Activity, string? Concept, string? ProblemSetId) Identity() => (
        Activity == InterventionActivities.Custom ? InterventionValidation.Optional(CustomActivity) ?? "" : Activity ?? "",
        InterventionValidation.Optional(Concept),
        InterventionValidation.Optional(ProblemSetId));

    public StepInput Clone() => new()
    {
        Activity = Activity,
        CustomActivity = CustomActivity,
        Concept = Concept,
        ProblemSetId = ProblemSetId,
        NumProblems = NumProblems,
        Minutes = Minutes,
        LoadedStep = LoadedStep,
        CompletedAt = CompletedAt,
    };
}
