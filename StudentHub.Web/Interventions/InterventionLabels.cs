using System.Globalization;
using System.Resources;
using MudBlazor;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Web.Interventions;

/// <summary>
/// The words for an intervention's codes (<c>paused</c> → "일시 중지" / "Paused", <c>review_concept</c> → "개념 복습"),
/// from <c>InterventionLabels.resx</c>. A learning-path activity the hub does not know (the plan may name any) is shown
/// as stored. The type's words are <see cref="Students.StudentLabels.InterventionType"/>.
/// </summary>
public static class InterventionLabels
{
    private static readonly ResourceManager Resources = new(typeof(InterventionLabels).FullName!, typeof(InterventionLabels).Assembly);

    public static string Status(InterventionStatus status) => Text("Status_" + SnakeCaseEnumConverter<InterventionStatus>.ToDatabase(status)) ?? status.ToString();

    public static string Activity(string? code) =>
        string.IsNullOrWhiteSpace(code) ? "—" : Text("Activity_" + code) ?? code;

    /// <summary>The colour a status chip wears; the chip also says the word, so colour is never the only sign.</summary>
    public static Color StatusColor(InterventionStatus status) => status switch
    {
        InterventionStatus.Active => Color.Primary,
        InterventionStatus.Paused => Color.Warning,
        InterventionStatus.Completed => Color.Success,
        _ => Color.Default,
    };

    private static string? Text(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture);
}
