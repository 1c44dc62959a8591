using System.Globalization;
using System.Resources;

namespace StudentHub.Web.Interventions;

/// <summary>
/// The words of the intervention form shared by the form and its conflict dialog, in the reader's language
/// (<c>InterventionFormLabels.resx</c>): the form's choice of a custom activity, and one line for a weak area or a
/// step. The words for stored codes (activities, statuses) are <see cref="InterventionLabels"/>'s.
/// </summary>
public static class InterventionFormLabels
{
    private static readonly ResourceManager Resources = new(typeof(InterventionFormLabels).FullName!, typeof(InterventionFormLabels).Assembly);

    /// <summary>A choice of the form's activity select in words: a known activity, or "custom" (the name is typed beside it).</summary>
    public static string Activity(string? code) =>
        code == InterventionActivities.Custom ? Label("Activity_custom") : InterventionLabels.Activity(code);

    public static string Label(string key, params object[] arguments) =>
        string.Format(CultureInfo.CurrentCulture, Text(key) ?? key, arguments);

    /// <summary>"이차함수 · 0.65 → 0.85": a weak area as typed (blank parts as a dash).</summary>
    public static string Summary(WeakAreaInput row) =>
        Label("WeakAreaSummary", Shown(row.Concept), ShownNumber(row.CurrentMastery), ShownNumber(row.TargetMastery));

    /// <summary>"Practice · 이차함수 · PS_456 · 10 problems · 40 min · done": a step as typed, the parts it has.</summary>
    public static string Summary(StepInput row, bool done)
    {
        var parts = new List<string>
        {
            row.Activity == InterventionActivities.Custom ? Shown(row.CustomActivity) : Activity(row.Activity),
        };
        if (InterventionValidation.Optional(row.Concept) is { } concept)
            parts.Add(concept);
        if (InterventionValidation.Optional(row.ProblemSetId) is { } problemSet)
            parts.Add(problemSet);
        if (InterventionValidation.Optional(row.NumProblems) is { } problems)
            parts.Add(Label("ProblemsSummary", problems));
        parts.Add(Label("MinutesSummary", ShownNumber(row.Minutes)));
        if (done)
            parts.Add(Label("Done"));
        return string.Join(" · ", parts);
    }

    private static string Shown(string? value) => InterventionValidation.Optional(value) ?? "—";

    // "0.650" and "0.65" are stored alike, so they are shown alike and do not differ.
    private static string ShownNumber(string? value) =>
        double.TryParse(value?.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            ? InterventionInput.Number(number)
            : Shown(value);

    private static string? Text(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture);
}
