using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Web.Users;

namespace StudentHub.Tests.Infrastructure;

/// <summary>Accounts made through the app's own service, and HTTP clients signed in through the real sign-in form.</summary>
public static partial class TestAccounts
{
    public const string Password = "test-password-2026";

    public static async Task<string> CreateAsync(StudentHubWebFactory factory, string role, params string[] schools)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.studenthub.kr";
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<UserAccounts>()
            .CreateAsync(email, $"{role} 테스트", role, schools, Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        return email;
    }

    /// <summary>A client that does not follow redirects, so a test sees where the app sends it.</summary>
    public static HttpClient AnonymousClient(StudentHubWebFactory factory) =>
        factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpClient> SignedInClientAsync(StudentHubWebFactory factory, string email, string password = Password)
    {
        var client = AnonymousClient(factory);
        var response = await PostSignInAsync(client, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in as {email} failed: {response.StatusCode}");
        return client;
    }

    /// <summary>Fills and posts the sign-in form as a browser would, antiforgery token included.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    public static readonly IReadOnlyList<string> AllRoles = Roles.All;
}
