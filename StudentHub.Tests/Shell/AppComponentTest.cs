using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Home;
using StudentHub.Web.Localization;
using StudentHub.Web.Security;
using StudentHub.Web.Shell;

namespace StudentHub.Tests.Shell;

/// <summary>
/// A bunit context with the app's component services: MudBlazor, the .resx resources in <paramref name="culture"/>,
/// the real role policies (bunit's stand-in authorization ignores them) evaluated for the user given to
/// <see cref="SignIn"/>, and, through <see cref="UseDatabase"/>, a real database.
/// </summary>
public abstract class AppComponentTest : BunitContext, IAsyncLifetime
{
    private readonly SwitchableAuthenticationStateProvider _authentication = new();

    protected AppComponentTest(string culture = "en-US")
    {
        // Culture flows with the test's execution context, into the renderer.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        JSInterop.Mode = JSRuntimeMode.Loose;

        Services.AddMudServices();
        Services.AddStudentHubLocalization();
        Services.AddAuthorizationCore(Policies.Add);
        Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddSingleton<AuthenticationStateProvider>(_authentication);
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AntiforgeryStateProvider, TestAntiforgery>();
        Services.AddScoped(_ =>
        {
            var user = new CurrentUser(new HttpContextAccessor());
            user.Set(_authentication.User);
            return user;
        });
        Services.AddScoped<SchoolScope>();
        Services.AddShell();
        Services.AddHome();
    }

    /// <summary>Signs in a user with these roles (before the first render); without it the visitor is anonymous.</summary>
    protected void SignIn(string userId, string userName, params string[] roles) =>
        _authentication.User = Principal(userId, userName, roles);

    protected void UseDatabase(DatabaseFixture database) =>
        Services.AddDbContextFactory<StudentHubDbContext>(o => o.UseStudentHub(database.DataSource));

    public static ClaimsPrincipal Principal(string userId, string userName, params string[] roles) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, userName), .. roles.Select(r => new Claim(ClaimTypes.Role, r))],
            authenticationType: "Test"));

    /// <summary>An account row, for pages that read the signed-in user from the database.</summary>
    public static ApplicationUser Account(string id, string displayName, params string[] schools) => new()
    {
        Id = id,
        UserName = id + "@school.kr",
        NormalizedUserName = (id + "@school.kr").ToUpperInvariant(),
        Email = id + "@school.kr",
        DisplayName = displayName,
        Schools = schools.Select(s => new UserSchool { SchoolId = s }).ToList(),
    };

    /// <summary>After the test class's constructor, which may still add services: the renderer is made on first use.</summary>
    public Task InitializeAsync()
    {
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private sealed class SwitchableAuthenticationStateProvider : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }

    private sealed class TestAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken GetAntiforgeryToken() => new("test-antiforgery-token", "__RequestVerificationToken");
    }
}

/// <summary>A clock stopped at one instant, so "today" and "due" do not depend on when the tests run.</summary>
public sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
