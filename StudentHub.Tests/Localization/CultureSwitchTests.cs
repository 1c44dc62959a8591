using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Localization;

public class CultureSwitchTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task CultureSwitch_NeverRedirectsOffSite()
    {
        await using var factory = new StudentHubWebFactory(database);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/culture?culture=ko-KR&returnUrl=%2F%2Fevil.example");

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CultureSwitch_RemembersTheLanguage_AndReturnsToThePage()
    {
        await using var factory = new StudentHubWebFactory(database);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/culture?culture=en-US&returnUrl=%2Fadmin%2Fusers");

        Assert.Equal("/admin/users", response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Den-US%7Cuic%3Den-US"));
    }
}
