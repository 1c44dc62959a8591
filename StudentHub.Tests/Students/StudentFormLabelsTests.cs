using System.Collections;
using System.Globalization;
using System.Resources;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>Every field of the student form has a name to show in both languages.</summary>
public class StudentFormLabelsTests
{
    [Fact]
    public void EveryField_HasAName()
    {
        var manager = new ResourceManager("StudentHub.Web.Students.StudentFormLabels", typeof(StudentEditor).Assembly);
        var english = Strings(manager, CultureInfo.InvariantCulture);

        Assert.All(Enum.GetNames<StudentField>(), field => Assert.Contains("Field_" + field, english.Keys));
    }

    private static Dictionary<string, string> Strings(ResourceManager manager, CultureInfo culture) =>
        manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);
}
