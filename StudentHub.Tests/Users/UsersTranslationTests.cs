using System.Collections;
using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Users;

namespace StudentHub.Tests.Users;

/// <summary>No half-translated page: every English string of the Users and audit features has its Korean one.</summary>
public class UsersTranslationTests
{
    public static TheoryData<string> Resources() => [.. ResourceNames()];

    [Theory]
    [MemberData(nameof(Resources))]
    public void EveryString_HasAKoreanTranslation(string resource)
    {
        var manager = new ResourceManager(resource, typeof(UsersPage).Assembly);
        var english = Strings(manager, CultureInfo.InvariantCulture);
        var korean = Strings(manager, CultureInfo.GetCultureInfo("ko"));

        Assert.NotEmpty(english);
        Assert.Equal(english.Keys.Order(), korean.Keys.Order());
        Assert.All(korean, k => Assert.NotEqual("", k.Value.Trim()));
    }

    [Fact]
    public void TheUsersAndAuditFeatures_HaveTheirResources() =>
        Assert.Superset(
            new HashSet<string> { "StudentHub.Web.Users.UsersPage", "StudentHub.Web.Users.UserAccounts", "StudentHub.Web.Audit.AuditTrailPage", "StudentHub.Web.Audit.EntityHistory" },
            ResourceNames().ToHashSet());

    private static IEnumerable<string> ResourceNames() =>
        typeof(UsersPage).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("StudentHub.Web.Users.") || n.StartsWith("StudentHub.Web.Audit."))
            .Select(n => n[..^".resources".Length]);

    private static Dictionary<string, string> Strings(ResourceManager manager, CultureInfo culture) =>
        manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);
}

/// <summary>The app as Program.cs wires it, not as the tests rebuild it.</summary>
public class UsersRegistrationTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task IdentityUsesTheLocalizedErrorDescriber()
    {
        await using var factory = new StudentHubWebFactory(database);
        await using var scope = factory.Services.CreateAsyncScope();

        Assert.IsType<LocalizedIdentityErrorDescriber>(scope.ServiceProvider.GetRequiredService<UserManager<StudentHub.Data.Entities.ApplicationUser>>().ErrorDescriber);
    }
}
