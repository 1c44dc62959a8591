using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.Rendering;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Users;

namespace StudentHub.Tests.Users;

/// <summary>
/// bunit with the app's account and audit services over the test class's database (<see cref="AccountServices"/>),
/// signed in as an admin who exists there, so what a page changes is audited with that admin's name.
/// </summary>
public abstract class AdminComponentTest : BunitContext, IAsyncLifetime
{
    protected const string Password = "component-test-2026";

    protected AdminComponentTest(DatabaseFixture database, string culture = "en-US")
    {
        Database = database;
        // Culture flows with the test's execution context, into the renderer.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddAccountServices(database);
        // After the app's registrations: bunit's authentication state replaces the app's revalidating one.
        Authorization = AddAuthorization();
    }

    protected DatabaseFixture Database { get; }

    protected BunitAuthorizationContext Authorization { get; }

    protected UserSummary Admin { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Admin = await CreateUserAsync($"admin-{Guid.NewGuid():N}@school.kr", "관리자 김하늘", Roles.Admin);
        Authorization.SetAuthorized(Admin.Email);
        Authorization.SetRoles(Roles.Admin);
        // Last: bunit rebuilds the principal on each call, and only this one keeps the claims.
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, Admin.Id));
    }

    /// <summary>An account made through the service, as no one in particular.</summary>
    protected async Task<UserSummary> CreateUserAsync(string email, string displayName, string role, params string[] schools)
    {
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var result = await accounts.CreateAsync(email, displayName, role, schools, Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        return (await accounts.ListAsync(new UserListQuery(email, null, false, 0, 1))).Items.Single();
    }

    /// <summary>Renders <typeparamref name="TPage"/> under the providers the layout gives it: popovers, dialogs, snackbars.</summary>
    protected IRenderedComponent<ContainerFragment> RenderWithProviders<TPage>() where TPage : IComponent =>
        Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(3);
            builder.CloseComponent();
        });

    /// <summary>
    /// Clicks or types until the event lands: a server-side grid renders again when a load finishes, which can
    /// replace the element found a moment before (bunit then reports an unknown event handler).
    /// </summary>
    protected static void Interact(IRenderedComponent<ContainerFragment> page, Action interaction) =>
        page.WaitForAssertion(interaction, TimeSpan.FromSeconds(10));

    /// <summary>Opens a select and clicks the item with this text.</summary>
    protected static void Choose(IRenderedComponent<ContainerFragment> page, string testId, string item)
    {
        // A select with a value shows it in a div, not an input: the test id is on whichever is there.
        Interact(page, () => page.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.MouseDown());
        page.WaitForAssertion(() => page.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == item), TimeSpan.FromSeconds(10));
        Interact(page, () => page.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == item).Click());
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
