using System.Text.Json;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Students;

/// <summary>The inputs of the student form, in the order it shows them; validation messages are filed under these.</summary>
public enum StudentField
{
    Name,
    SchoolId,
    Grade,
    ClassName,
    StudentNumber,
    Email,
    ParentContact,
    LearningStyle,
    Interests,
    SpecialNeeds,
    NotificationMethod,
    ReportFrequency,
    OtherMetadata,
}

/// <summary>The words the hub knows for the metadata's choice keys, as stored in <c>students.metadata</c>.</summary>
public static class StudentChoices
{
    public static readonly IReadOnlyList<string> LearningStyles = StudentLabels.LearningStyles;
    public static readonly IReadOnlyList<string> NotificationMethods = ["email", "sms", "kakao"];
    public static readonly IReadOnlyList<string> ReportFrequencies = ["daily", "weekly", "monthly"];

    /// <summary>The top-level metadata keys the form edits itself; the JSON editor holds every other key.</summary>
    public static readonly IReadOnlyList<string> KnownMetadataKeys = ["learning_style", "special_needs", "interests", "parent_preferences"];
}

/// <summary>
/// What the student form holds, as typed: text stays text until it validates, so a grade of "abc" or a JSON that
/// does not parse reaches the validator and is refused with a message instead of being lost in a conversion.
/// <see cref="Version"/> is the <c>xmin</c> the form was loaded at: the save is refused if the row has moved on since.
/// </summary>
public sealed class StudentInput
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string? Name { get; set; }
    public string? SchoolId { get; set; }
    public string? Grade { get; set; }
    public string? ClassName { get; set; }
    public string? StudentNumber { get; set; }
    public string? Email { get; set; }
    public string? ParentContact { get; set; }
    public string? LearningStyle { get; set; }
    public List<string> Interests { get; set; } = [];
    public bool? SpecialNeeds { get; set; }
    public string? NotificationMethod { get; set; }
    public string? ReportFrequency { get; set; }

    /// <summary>The metadata keys the form has no input for, as a JSON object (empty text for none).</summary>
    public string? OtherMetadata { get; set; }

    public uint Version { get; set; }

    public static StudentInput From(Student student) => new()
    {
        Name = student.Name,
        SchoolId = student.SchoolId,
        Grade = student.Grade.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ClassName = student.ClassName,
        StudentNumber = student.StudentNumber,
        Email = student.Email,
        ParentContact = student.ParentContact,
        LearningStyle = student.Metadata.LearningStyle,
        Interests = [.. student.Metadata.Interests ?? []],
        SpecialNeeds = student.Metadata.SpecialNeeds,
        NotificationMethod = student.Metadata.ParentPreferences?.NotificationMethod,
        ReportFrequency = student.Metadata.ParentPreferences?.ReportFrequency,
        OtherMetadata = student.Metadata.Other is { Count: > 0 } other ? JsonSerializer.Serialize(other, Indented) : "",
        Version = student.Version,
    };

    public StudentInput Clone() => new()
    {
        Name = Name,
        SchoolId = SchoolId,
        Grade = Grade,
        ClassName = ClassName,
        StudentNumber = StudentNumber,
        Email = Email,
        ParentContact = ParentContact,
        LearningStyle = LearningStyle,
        Interests = [.. Interests],
        SpecialNeeds = SpecialNeeds,
        NotificationMethod = NotificationMethod,
        ReportFrequency = ReportFrequency,
        OtherMetadata = OtherMetadata,
        Version = Version,
    };
}
