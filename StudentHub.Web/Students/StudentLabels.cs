using System.Globalization;
using System.Resources;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Web.Students;

/// <summary>
/// The words for the codes a student's record stores (<c>visual</c> → "시각형" / "Visual"), from <c>StudentLabels.resx</c>.
/// A code the hub does not know (another node may write any) is shown as stored rather than hidden.
/// </summary>
public static class StudentLabels
{
    private static readonly ResourceManager Resources = new(typeof(StudentLabels).FullName!, typeof(StudentLabels).Assembly);

    /// <summary>The learning styles the list can filter by, in the order the filter offers them.</summary>
    public static readonly IReadOnlyList<string> LearningStyles = ["visual", "auditory", "kinesthetic", "reading_writing"];

    public static string LearningStyle(string? code) => Of("LearningStyle", code);

    public static string Interest(string? code) => Of("Interest", code);

    public static string NotificationMethod(string? code) => Of("NotificationMethod", code);

    public static string ReportFrequency(string? code) => Of("ReportFrequency", code);

    public static string Result(string? code) => Of("Result", code);

    public static string TaskType(string? code) => Of("TaskType", code);

    public static string EventType(EventType value) => Of(value);

    public static string InterventionType(InterventionType value) => Of(value);

    public static string ScheduleType(ScheduleType value) => Of(value);

    public static string TaskStatus(ScheduledTaskStatus value) => Of(value);

    public static string YesNo(bool? value) => value switch
    {
        true => Text("Yes") ?? "Yes",
        false => Text("No") ?? "No",
        null => "—",
    };

    private static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Of(typeof(TEnum).Name, SnakeCaseEnumConverter<TEnum>.ToDatabase(value));

    private static string Of(string group, string? code) =>
        string.IsNullOrWhiteSpace(code) ? "—" : Text($"{group}_{code}") ?? code;

    private static string? Text(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture);
}
