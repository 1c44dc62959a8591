using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using StudentHub.Web.Shell;

namespace StudentHub.Tests.Localization;

/// <summary>
/// No half-translated page anywhere: every resource of the app (found, not listed, so a new feature is covered the
/// day it lands) has a Korean string for each English one, not blank, with the same placeholders.
/// </summary>
public partial class TranslationTests
{
    private static readonly System.Reflection.Assembly App = typeof(NavMenu).Assembly;

    public static TheoryData<string> Resources() => [.. ResourceNames()];

    [Theory]
    [MemberData(nameof(Resources))]
    public void EveryString_HasAKoreanTranslation_WithTheSamePlaceholders(string resource)
    {
        var manager = new ResourceManager(resource, App);
        var english = Strings(manager, CultureInfo.InvariantCulture);
        var korean = Strings(manager, CultureInfo.GetCultureInfo("ko"));

        Assert.NotEmpty(english);
        Assert.Equal(english.Keys.Order(), korean.Keys.Order());
        Assert.All(korean, k => Assert.NotEqual("", k.Value.Trim()));
        // A placeholder missing in one language would drop a name or a count; one too many would throw in string.Format.
        Assert.All(english, e => Assert.Equal(Placeholders(e.Value), Placeholders(korean[e.Key])));
    }

    [Fact]
    public void TheFeatures_HaveTheirResources() =>
        Assert.Superset(
            new HashSet<string>
            {
                "StudentHub.Web.Shell.NavMenu", "StudentHub.Web.Students.StudentsPage", "StudentHub.Web.Students.StudentValidation",
                "StudentHub.Web.Users.UsersPage", "StudentHub.Web.Audit.AuditTrailPage", "StudentHub.Web.Ingest.IngestPage",
                "StudentHub.Web.Ingest.IngestKeyMessages", "StudentHub.Web.Timeline.EventSentence", "StudentHub.Web.Activity.ActivityPage",
            },
            ResourceNames().ToHashSet());

    /// <summary>Strings for people, as opposed to the framework's own embedded resources.</summary>
    private static IEnumerable<string> ResourceNames() =>
        App.GetManifestResourceNames()
            .Where(n => n.StartsWith("StudentHub.Web.", StringComparison.Ordinal) && n.EndsWith(".resources", StringComparison.Ordinal))
            .Select(n => n[..^".resources".Length])
            .Order();

    private static List<string> Placeholders(string text) =>
        PlaceholderPattern().Matches(text).Select(m => m.Value).Distinct().Order().ToList();

    [GeneratedRegex(@"(?<!\{)\{(\d+)(:[^}]*)?\}")]
    private static partial Regex PlaceholderPattern();

    private static Dictionary<string, string> Strings(ResourceManager manager, CultureInfo culture) =>
        manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);
}
