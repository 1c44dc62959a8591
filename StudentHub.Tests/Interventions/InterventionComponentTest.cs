using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Tests.Students;
using StudentHub.Web.Interventions;

namespace StudentHub.Tests.Interventions;

/// <summary>The interventions pages in bunit, over the test class's database, at <see cref="InterventionTestKit.Now"/>.</summary>
public abstract class InterventionComponentTest : StudentComponentTest
{
    protected InterventionComponentTest(DatabaseFixture database, string culture = "en-US") : base(database, culture)
    {
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddInterventions();
        Services.AddSingleton<TimeProvider>(new StoppedClock(InterventionTestKit.Now));
    }

    /// <summary>Renders <typeparamref name="TPage"/> at <paramref name="url"/> under the popover and dialog providers.</summary>
    protected IRenderedComponent<ContainerFragment> RenderWithDialogs<TPage>(string url, params (string Name, object? Value)[] parameters)
        where TPage : IComponent
    {
        Navigation.NavigateTo(url);
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(2);
            foreach (var (name, value) in parameters)
                builder.AddComponentParameter(3, name, value);
            builder.CloseComponent();
        });
    }

    /// <summary>Signs in a teacher of <paramref name="schools"/>, with the account row their school scope reads.</summary>
    protected async Task SignInTeacherAsync(string id, params string[] schools)
    {
        await using (var db = Database.CreateDbContext())
        {
            if (!db.Users.Any(u => u.Id == id))
            {
                db.Users.Add(Account(id, "교사 " + id, schools));
                await db.SaveChangesAsync();
            }
        }
        SignIn(id, id + "@school.kr", Roles.Teacher);
    }

    /// <summary>The checkbox input of a MudCheckBox found by its test id.</summary>
    protected static IElement CheckBox(IRenderedComponent<ContainerFragment> page, string testId)
    {
        var element = page.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input[type=checkbox]")!;
    }
}
