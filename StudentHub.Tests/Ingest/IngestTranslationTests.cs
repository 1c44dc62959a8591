using System.Collections;
using System.Globalization;
using System.Resources;
using StudentHub.Web.Ingest;

namespace StudentHub.Tests.Ingest;

/// <summary>No half-translated Ingest page: every English string of the feature has its Korean one.</summary>
public class IngestTranslationTests
{
    public static TheoryData<string> Resources() => [.. ResourceNames()];

    [Theory]
    [MemberData(nameof(Resources))]
    public void EveryString_HasAKoreanTranslation(string resource)
    {
        var manager = new ResourceManager(resource, typeof(IngestPage).Assembly);
        var english = Strings(manager, CultureInfo.InvariantCulture);
        var korean = Strings(manager, CultureInfo.GetCultureInfo("ko"));

        Assert.NotEmpty(english);
        Assert.Equal(english.Keys.Order(), korean.Keys.Order());
        Assert.All(korean, k => Assert.NotEqual("", k.Value.Trim()));
    }

    [Fact]
    public void ThePageItsDialogsAndTheKeyChecks_HaveTheirResources() =>
        Assert.Superset(
            new HashSet<string>
            {
                "StudentHub.Web.Ingest.IngestPage", "StudentHub.Web.Ingest.NewIngestKeyDialog",
                "StudentHub.Web.Ingest.IngestKeyCreatedDialog", "StudentHub.Web.Ingest.IngestKeyMessages",
            },
            ResourceNames().ToHashSet());

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

    private static IEnumerable<string> ResourceNames() =>
        typeof(IngestPage).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("StudentHub.Web.Ingest."))
            .Select(n => n[..^".resources".Length]);

    private static Dictionary<string, string> Strings(ResourceManager manager, CultureInfo culture) =>
        manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);
}
