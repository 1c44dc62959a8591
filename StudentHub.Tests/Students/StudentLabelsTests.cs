using System.Globalization;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>Every learning style the list filters by has words in both languages.</summary>
public class StudentLabelsTests
{
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
}
