using System.Globalization;
using Microsoft.Extensions.Localization;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Interventions;

/// <summary>
/// The rules of an intervention's plan, each with a message in the reader's language: mastery is a share from 0 to 1,
/// a target lies above the current mastery, a concept is a weak area once, and the plan has at least one weak area and
/// one step, each step doing something (a concept or a problem set for a review or practice) for some minutes. The form
/// checks each field with these as it is typed, and <see cref="InterventionEditing"/> checks the whole again before it
/// writes, so what the form accepts is exactly what the service saves.
/// </summary>
public sealed class InterventionValidation(IStringLocalizer<InterventionValidation> localizer)
{
    public const int ConceptLength = 100;
    public const int ActivityLength = 50;
    public const int ProblemSetLength = 100;

    /// <summary>A week: a step longer than that is a typing slip (and seconds must fit the JSON's integer).</summary>
    public const int MaxMinutes = 7 * 24 * 60;

    public string? WeakAreas(int count) => count == 0 ? Say("NoWeakAreas") : null;

    public string? Steps(int count) => count == 0 ? Say("NoSteps") : null;

    public string? Concept(string? value) => Required(value, "ConceptRequired") ?? Length(value, ConceptLength);

    /// <summary>
    /// <paramref name="concept"/> is already the concept of one of the weak areas before it (<paramref name="earlier"/>,
    /// in order), ignoring case and spaces around it: the message, beside the later one, names the earlier's place.
    /// </summary>
    public string? RepeatedConcept(string? concept, IReadOnlyList<string?> earlier)
    {
        var trimmed = Optional(concept);
        if (trimmed is null)
            return null;
        for (var i = 0; i < earlier.Count; i++)
        {
            if (string.Equals(Optional(earlier[i]), trimmed, StringComparison.OrdinalIgnoreCase))
                return Say("ConceptRepeated", trimmed, i + 1);
        }
        return null;
    }

    public string? CurrentMastery(string? value) => Mastery(value, "CurrentRequired", out _);

    /// <summary>The target, and that it lies above <paramref name="current"/> when that is a mastery itself (else the current field answers).</summary>
    public string? TargetMastery(string? target, string? current)
    {
        var error = Mastery(target, "TargetRequired", out var goal);
        if (error is not null)
            return error;
        return Mastery(current, "CurrentRequired", out var now) is null && goal <= now
            ? Say("TargetNotAboveCurrent", InterventionInput.Number(now))
            : null;
    }

    public string? Activity(string? value) =>
        string.IsNullOrEmpty(value) ? Say("ActivityRequired")
        : InterventionActivities.Choices.Contains(value) ? null
        : Say("UnknownActivity", value);

    public string? CustomActivity(string? activity, string? custom) =>
        activity == InterventionActivities.Custom ? Required(custom, "CustomActivityRequired") ?? Length(custom, ActivityLength) : null;

    /// <summary>The step's concept; for a review or practice, it or the problem set must be given (the message sits beside the concept).</summary>
    public string? StepConcept(string? activity, string? concept, string? problemSet) =>
        Length(concept, ConceptLength)
        ?? (InterventionActivities.NeedsSubject(activity) && Optional(concept) is null && Optional(problemSet) is null ? Say("SubjectRequired") : null);

    public string? ProblemSetId(string? value) => Length(value, ProblemSetLength);

    public string? NumProblems(string? value) => ParseProblems(value, out _);

    public string? Minutes(string? value) => ParseSeconds(value, out _);

    /// <summary>Every rule at once: the valid plan, or the problems by field.</summary>
    public (ValidIntervention? Valid, IReadOnlyDictionary<InterventionFieldKey, string> Errors) Validate(InterventionInput input)
    {
        var errors = new Dictionary<InterventionFieldKey, string>();
        void Check(InterventionField field, int row, string? error)
        {
            if (error is not null)
                errors[new InterventionFieldKey(field, row)] = error;
        }

        Check(InterventionField.WeakAreas, 0, WeakAreas(input.WeakAreas.Count));
        var weakAreas = new List<WeakArea>();
        for (var i = 0; i < input.WeakAreas.Count; i++)
        {
            var row = input.WeakAreas[i];
            Check(InterventionField.Concept, i + 1, Concept(row.Concept) ?? RepeatedConcept(row.Concept, input.WeakAreas.Take(i).Select(w => w.Concept).ToList()));
            Check(InterventionField.CurrentMastery, i + 1, Mastery(row.CurrentMastery, "CurrentRequired", out var current));
            Check(InterventionField.TargetMastery, i + 1, TargetMastery(row.TargetMastery, row.CurrentMastery));
            Mastery(row.TargetMastery, "TargetRequired", out var target);
            weakAreas.Add(new WeakArea { Concept = Optional(row.Concept) ?? "", CurrentMastery = current, TargetMastery = target, Priority = i + 1 });
        }

        Check(InterventionField.Steps, 0, Steps(input.Steps.Count));
        var steps = new List<ValidStep>();
        for (var i = 0; i < input.Steps.Count; i++)
        {
            var row = input.Steps[i];
            Check(InterventionField.Activity, i + 1, Activity(row.Activity));
            Check(InterventionField.CustomActivity, i + 1, CustomActivity(row.Activity, row.CustomActivity));
            Check(InterventionField.StepConcept, i + 1, StepConcept(row.Activity, row.Concept, row.ProblemSetId));
            Check(InterventionField.ProblemSetId, i + 1, ProblemSetId(row.ProblemSetId));
            Check(InterventionField.NumProblems, i + 1, ParseProblems(row.NumProblems, out var problems));
            Check(InterventionField.Minutes, i + 1, ParseSeconds(row.Minutes, out var seconds));
            var activity = row.Activity == InterventionActivities.Custom ? Optional(row.CustomActivity) ?? "" : row.Activity ?? "";
            steps.Add(new ValidStep(i + 1, activity, Optional(row.Concept), Optional(row.ProblemSetId), problems, seconds, row.LoadedStep));
        }

        return errors.Count > 0 ? (null, errors) : (new ValidIntervention(weakAreas, steps), errors);
    }

    /// <summary>Blank text is no value; any other is trimmed.</summary>
    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private string? Mastery(string? value, string required, out double mastery)
    {
        mastery = 0;
        if (string.IsNullOrWhiteSpace(value))
            return Say(required);
        if (!double.TryParse(value.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out mastery))
            return Say("MasteryNotANumber", value.Trim());
        return mastery is >= 0 and <= 1 ? null : Say("MasteryOutOfRange", value.Trim());
    }

    private string? ParseProblems(string? value, out int? problems)
    {
        problems = null;
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (!int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count) || count < 1)
            return Say("NumProblemsInvalid", value.Trim());
        problems = count;
        return null;
    }

    private string? ParseSeconds(string? value, out int seconds)
    {
        seconds = 0;
        if (string.IsNullOrWhiteSpace(value))
            return Say("MinutesRequired");
        if (!double.TryParse(value.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var minutes))
            return Say("MinutesInvalid", value.Trim());
        if (minutes > MaxMinutes)
            return Say("MinutesTooMany", MaxMinutes);
        // Whole seconds are stored: a duration that rounds to none is none.
        seconds = (int)Math.Round(minutes * 60, MidpointRounding.AwayFromZero);
        return seconds >= 1 ? null : Say("MinutesInvalid", value.Trim());
    }

    private string Say(string name, params object[] arguments) => localizer[name, arguments].Value;

    private string? Required(string? value, string message) => string.IsNullOrWhiteSpace(value) ? Say(message) : null;

    private string? Length(string? value, int max)
    {
        if (value is null)
            return null;
        var length = value.Trim().EnumerateRunes().Count();
        return length > max ? Say("TooLong", max, length) : null;
    }
}

// After InterventionValidation: the first type of a file names its .resx resources.
/// <summary>A plan once it has passed <see cref="InterventionValidation"/>: trimmed, typed, priorities and step numbers in the rows' order.</summary>
public sealed record ValidIntervention(IReadOnlyList<WeakArea> WeakAreas, IReadOnlyList<ValidStep> Steps);

/// <param name="EstimatedDuration">Seconds.</param>
/// <param name="LoadedStep">The stored step the form row came from, if any (see <see cref="StepInput.LoadedStep"/>).</param>
public sealed record ValidStep(int Step, string Activity, string? Concept, string? ProblemSetId, int? NumProblems, int EstimatedDuration, int? LoadedStep);
