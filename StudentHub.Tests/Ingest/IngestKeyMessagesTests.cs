using System.Globalization;
using StudentHub.Web.Ingest;

namespace StudentHub.Tests.Ingest;

/// <summary>The key checks speak the reader's language (every string's translation is checked by TranslationTests).</summary>
public class IngestKeyMessagesTests
{
    [Fact]
    public void TheKeyChecks_SpeakTheReadersLanguage()
    {
        var culture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
            Assert.Equal(["A key needs a name, such as the node's host or purpose.", "The source node is a number from 1 to 6, not 7."],
                IngestKeys.Check(" ", 7));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ko-KR");
            Assert.Equal("키 이름은 100자까지 쓸 수 있습니다.", IngestKeys.CheckName(new string('가', 101)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }
}
