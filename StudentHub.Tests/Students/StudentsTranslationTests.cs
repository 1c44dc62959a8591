using System.Collections;
using System.Globalization;
using System.Resources;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>No half-translated page: every English string of the student list and page has its Korean one.</summary>
public class StudentsTranslationTests
{
    public static TheoryData<string> Resources() =>
    [
        "StudentHub.Web.Students.StudentsPage",
        "StudentHub.Web.Students.StudentPage",
        "StudentHub.Web.Students.StudentMetadataView",
        "StudentHub.Web.Students.StudentChartsView",
        "StudentHub.Web.Students.StudentLabels",
    ];

    [Theory]
    [MemberData(nameof(Resources))]
    public void EveryString_HasAKoreanTranslation(string resource)
    {
        var manager = new ResourceManager(resource, typeof(StudentsPage).Assembly);
        var english = Strings(manager, CultureInfo.InvariantCulture);
        var korean = Strings(manager, CultureInfo.GetCultureInfo("ko"));

        Assert.NotEmpty(english);
        Assert.Equal(english.Keys.Order(), korean.Keys.Order());
        Assert.All(korean, k => Assert.NotEqual("", k.Value.Trim()));
    }

    [Fact]
    public void EveryLearningStyleTheFilterOffers_HasWords()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var culture in new[] { "en-US", "ko-KR" })
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
                Assert.All(StudentLabels.LearningStyles, style => Assert.NotEqual(style, StudentLabels.LearningStyle(style)));
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static Dictionary<string, string> Strings(ResourceManager manager, CultureInfo culture) =>
        manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);
}
