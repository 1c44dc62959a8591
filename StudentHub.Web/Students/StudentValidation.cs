using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Students;

/// <summary>
/// The rules of the <c>students</c> table (its lengths, <c>students_grade_check</c>) and of the app (email and
/// phone formats, the metadata's choices and its JSON), each with a message in the reader's language. The form
/// checks each field with these as it is typed, and <see cref="StudentEditing"/> checks the whole again before it
/// writes, so what the form accepts is exactly what the service saves.
/// </summary>
/// <remarks>The uniqueness of the identifier needs the database: <see cref="StudentEditing"/> checks it.</remarks>
public sealed partial class StudentValidation(IStringLocalizer<StudentValidation> localizer)
{
    public const int NameLength = 100;
    public const int SchoolIdLength = 50;
    public const int ClassNameLength = 50;
    public const int StudentNumberLength = 20;
    public const int EmailLength = 255;
    public const int ParentContactLength = 20;

    public string? Name(string? value) => Required(value, "NameRequired") ?? Length(value, NameLength);

    public string? SchoolId(string? value) => Required(value, "SchoolIdRequired") ?? Length(value, SchoolIdLength);

    public string? Grade(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return Say("GradeRequired");
        if (!int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var grade))
            return Say("GradeNotANumber", value.Trim());
        return grade is >= 1 and <= 12 ? null : Say("GradeOutOfRange", grade);
    }

    public string? ClassName(string? value) => Length(value, ClassNameLength);

    public string? StudentNumber(string? value) => Length(value, StudentNumberLength);

    public string? Email(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        return Length(value, EmailLength) ?? (EmailPattern().IsMatch(value.Trim()) ? null : Say("EmailInvalid"));
    }

    public string? ParentContact(string? value) =>
        string.IsNullOrWhiteSpace(value) || KoreanPhoneNumber.Normalize(value) is not null ? null : Say("PhoneInvalid");

    /// <summary>
    /// A metadata choice: one of <paramref name="known"/>, or none, or the value the record already holds (another
    /// node may have written a word the hub does not know; keeping it is not the form's call to refuse).
    /// </summary>
    public string? Choice(string? value, IReadOnlyList<string> known, string? stored) =>
        value is null || known.Contains(value) || value == stored ? null : Say("UnknownChoice", value);

    public string? OtherMetadata(string? value) => ParseOther(value, out _);

    /// <summary>Every rule at once: the valid values, or the problems by field. <paramref name="stored"/> is the record's metadata as it is now, if it exists.</summary>
    public (ValidStudent? Valid, IReadOnlyDictionary<StudentField, string> Errors) Validate(StudentInput input, StudentMetadata? stored = null)
    {
        var errors = new Dictionary<StudentField, string>();
        void Check(StudentField field, string? error)
        {
            if (error is not null)
                errors[field] = error;
        }

        Check(StudentField.Name, Name(input.Name));
        Check(StudentField.SchoolId, SchoolId(input.SchoolId));
        Check(StudentField.Grade, Grade(input.Grade));
        Check(StudentField.ClassName, ClassName(input.ClassName));
        Check(StudentField.StudentNumber, StudentNumber(input.StudentNumber));
        Check(StudentField.Email, Email(input.Email));
        Check(StudentField.ParentContact, ParentContact(input.ParentContact));
        Check(StudentField.LearningStyle, Choice(input.LearningStyle, StudentChoices.LearningStyles, stored?.LearningStyle));
        Check(StudentField.NotificationMethod,
            Choice(input.NotificationMethod, StudentChoices.NotificationMethods, stored?.ParentPreferences?.NotificationMethod));
        Check(StudentField.ReportFrequency,
            Choice(input.ReportFrequency, StudentChoices.ReportFrequencies, stored?.ParentPreferences?.ReportFrequency));
        Check(StudentField.OtherMetadata, ParseOther(input.OtherMetadata, out var other));
        if (errors.Count > 0)
            return (null, errors);

        return (new ValidStudent(
            input.Name!.Trim(),
            input.SchoolId!.Trim(),
            int.Parse(input.Grade!.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            Optional(input.ClassName),
            Optional(input.StudentNumber),
            Optional(input.Email),
            KoreanPhoneNumber.Normalize(input.ParentContact),
            input.LearningStyle,
            input.Interests.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
            input.SpecialNeeds,
            input.NotificationMethod,
            input.ReportFrequency,
            other), errors);
    }

    /// <summary>Blank optional text is no value (NULL), not an empty string: NULLs never clash in the unique identifier.</summary>
    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private string Say(string name, params object[] arguments) => localizer[name, arguments].Value;

    private string? Required(string? value, string message) => string.IsNullOrWhiteSpace(value) ? Say(message) : null;

    // PostgreSQL's varchar(n) counts characters (code points), not UTF-16 units: an emoji is one, as the database counts it.
    private string? Length(string? value, int max)
    {
        if (value is null)
            return null;
        var length = value.Trim().EnumerateRunes().Count();
        return length > max ? Say("TooLong", max, length) : null;
    }

    private string? ParseOther(string? text, out Dictionary<string, JsonElement>? other)
    {
        other = null;
        if (string.IsNullOrWhiteSpace(text))
            return null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            return Say("JsonInvalid", line + 1, Column(text, line, (int)(e.BytePositionInLine ?? 0)));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return Say("JsonNotAnObject");
            var keys = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                // The column is read case-insensitively, so "Learning_Style" here would fight the input above for the same value.
                if (StudentChoices.KnownMetadataKeys.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                    return Say("JsonKnownKey", property.Name);
                if (!keys.TryAdd(property.Name, property.Value.Clone()))
                    return Say("JsonRepeatedKey", property.Name);
            }
            other = keys;
            return null;
        }
    }

    // The parser counts bytes of UTF-8 within the line; a reader counts characters (Hangul is three bytes to one).
    private static int Column(string text, int line, int bytePosition)
    {
        var lines = text.Split('\n');
        var bytes = Encoding.UTF8.GetBytes(lines[Math.Min(line, lines.Length - 1)]);
        return Encoding.UTF8.GetCharCount(bytes, 0, Math.Min(bytePosition, bytes.Length)) + 1;
    }

    // The HTML standard's definition of a valid email address (what <input type=email> accepts), with a dot required
    // in the domain: a parent's address is never on a bare host name.
    [GeneratedRegex(@"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$")]
    private static partial Regex EmailPattern();

    /// <summary>The form's rule for an email address, shared with the roster import so both accept the same addresses.</summary>
    public static bool IsEmail(string value) => EmailPattern().IsMatch(value.Trim());
}

// After StudentValidation: the first type of a file names its .resx resources.
/// <summary>A student's values once they have passed <see cref="StudentValidation"/>: trimmed, typed, normalised.</summary>
public sealed record ValidStudent(
    string Name,
    string SchoolId,
    int Grade,
    string? ClassName,
    string? StudentNumber,
    string? Email,
    string? ParentContact,
    string? LearningStyle,
    IReadOnlyList<string> Interests,
    bool? SpecialNeeds,
    string? NotificationMethod,
    string? ReportFrequency,
    Dictionary<string, JsonElement>? OtherMetadata);
