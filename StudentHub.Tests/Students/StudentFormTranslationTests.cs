using System.Collections;
using System.Globalization;
using System.Resources;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>No half-translated form: every English string of the student form, its dialogs and buttons has its Korean one, with the same placeholders.</summary>
public class StudentFormTranslationTests
{
    public static TheoryData<string> Resources() =>
    [
        "StudentHub.Web.Students.StudentValidation",
        "StudentHub.Web.Students.StudentFormLabels",
        "StudentHub.Web.Students.StudentEditor",
        "StudentHub.Web.Students.StudentConflictDialog",
        "StudentHub.Web.Students.NewStudentPage",
        "StudentHub.Web.Students.EditStudentPage",
        "StudentHub.Web.Students.DeleteStudentButton",
        "StudentHub.Web.Students.GraduateStudentButton",
        "StudentHub.Web.Students.GraduateStudentDialog",
    ];

    [Theory]
    [MemberData(nameof(Resources))]
    public void EveryString_HasAKoreanTranslation_WithTheSamePlaceholders(string resource)
    {
        var manager = new ResourceManager(resource, typeof(StudentEditor).Assembly);
        var english = Strings(manager, CultureInfo.InvariantCulture);
        var korean = Strings(manager, CultureInfo.GetCultureInfo("ko"));

        Assert.NotEmpty(english);
        Assert.Equal(english.Keys.Order(), korean.Keys.Order());
        Assert.All(korean, k => Assert.NotEqual("", k.Value.Trim()));
        // A placeholder missing in one language would drop a name or a count; one too many would throw in string.Format.
        Assert.All(english, e => Assert.Equal(Placeholders(e.Value), Placeholders(korean[e.Key])));
    }

    [Fact]
    public void EveryField_HasAName()
    {
        var manager = new ResourceManager("StudentHub.Web.Students.StudentFormLabels", typeof(StudentEditor).Assembly);
        var english = Strings(manager, CultureInfo.InvariantCulture);

        Assert.All(Enum.GetNames<StudentField>(), field => Assert.Contains("Field_" + field, english.Keys));
    }

    private static List<string> Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"(?<!\{)\{(\d+)\}").Select(m => m.Value).Distinct().Order().ToList();

    private static Dictionary<string, string> Strings(ResourceManager manager, CultureInfo culture) =>
        manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);
}
