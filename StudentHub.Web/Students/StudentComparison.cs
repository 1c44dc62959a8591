using System.Text.Json;

namespace StudentHub.Web.Students;

/// <summary>One field of a student in two versions, as the conflict dialog shows it.</summary>
public sealed record StudentFieldComparison(StudentField Field, string Theirs, string Mine, bool Differs);

/// <summary>
/// Two versions of a student side by side, field by field: the one in the database now (theirs) and the form's
/// (mine). Values are compared as they would be stored (trimmed, the phone number dashed, the JSON by its content,
/// not its spacing or key order), so only real differences are marked.
/// </summary>
public static class StudentComparison
{
    public static IReadOnlyList<StudentFieldComparison> Compare(StudentInput theirs, StudentInput mine) =>
        Enum.GetValues<StudentField>().Select(field =>
        {
            var (theirValue, myValue) = (Shown(field, theirs), Shown(field, mine));
            var differs = field == StudentField.OtherMetadata
                ? !SameJson(theirs.OtherMetadata, mine.OtherMetadata)
                : theirValue != myValue;
            return new StudentFieldComparison(field, theirValue, myValue, differs);
        }).ToList();

    private static string Shown(StudentField field, StudentInput input) => field switch
    {
        StudentField.Name => Text(input.Name),
        StudentField.SchoolId => Text(input.SchoolId),
        StudentField.Grade => Text(input.Grade),
        StudentField.ClassName => Text(input.ClassName),
        StudentField.StudentNumber => Text(input.StudentNumber),
        StudentField.Email => Text(input.Email),
        StudentField.ParentContact => KoreanPhoneNumber.Normalize(input.ParentContact) ?? Text(input.ParentContact),
        StudentField.LearningStyle => Choice(input.LearningStyle, StudentLabels.LearningStyle),
        StudentField.Interests => string.Join(", ", input.Interests.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct().Select(StudentLabels.Interest)),
        StudentField.SpecialNeeds => input.SpecialNeeds is null ? "" : StudentLabels.YesNo(input.SpecialNeeds),
        StudentField.NotificationMethod => Choice(input.NotificationMethod, StudentLabels.NotificationMethod),
        StudentField.ReportFrequency => Choice(input.ReportFrequency, StudentLabels.ReportFrequency),
        StudentField.OtherMetadata => Text(input.OtherMetadata),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private static string Text(string? value) => StudentValidation.Optional(value) ?? "";

    // No choice is shown as nothing (the dialog's dash), a code in words.
    private static string Choice(string? code, Func<string?, string> words) => code is null ? "" : words(code);

    private static bool SameJson(string? a, string? b)
    {
        var (left, right) = (Keys(a), Keys(b));
        if (left is null || right is null)
            return Text(a) == Text(b);
        return left.Count == right.Count
               && left.All(pair => right.TryGetValue(pair.Key, out var other) && JsonElement.DeepEquals(pair.Value, other));
    }

    // The object's keys, none for blank text, null for text that is not a JSON object.
    private static Dictionary<string, JsonElement>? Keys(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return [];
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last().Value.Clone())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>What the user chose in the conflict dialog.</summary>
public enum StudentConflictChoice
{
    /// <summary>Drop the form's changes and show the version in the database.</summary>
    KeepTheirs,

    /// <summary>Save the form over the version in the database, knowingly.</summary>
    OverwriteWithMine,
}
