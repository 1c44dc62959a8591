using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Audit;
using StudentHub.Web.Interventions;
using StudentHub.Web.Scheduler;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>The students pages in bunit, over the test class's database, with the providers the layout gives them.</summary>
public abstract class StudentComponentTest : AppComponentTest
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    protected StudentComponentTest(DatabaseFixture database, string culture = "en-US") : base(culture)
    {
        Database = database;
        UseDatabase(database);
        Services.AddStudents();
        // The charts' mastery model, at its default parameters (AddInterventions would bind them to configuration).
        Services.AddScoped<StudentMastery>();
        Services.AddScoped<AuditSearch>();
        // The scheduled-tasks section reads schedules in the scheduler's words (without the rest of AddScheduler).
        Services.AddScoped<ScheduleWords>();
    }

    protected DatabaseFixture Database { get; }

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>Renders <typeparamref name="TPage"/> at <paramref name="url"/>, under a popover provider (selects open in one).</summary>
    protected IRenderedComponent<ContainerFragment> RenderAt<TPage>(string url) where TPage : IComponent
    {
        Navigation.NavigateTo(url);
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(1);
            builder.CloseComponent();
        });
    }

    /// <summary>
    /// Clicks or types until the event lands: a server-side grid renders again when a load finishes, which can
    /// replace the element found a moment before (bunit then reports an unknown event handler).
    /// </summary>
    protected static void Interact(IRenderedComponent<ContainerFragment> page, Action interaction) =>
        page.WaitForAssertion(interaction, Patience);

    /// <summary>Opens a select and clicks the item with this text.</summary>
    protected static void Choose(IRenderedComponent<ContainerFragment> page, string testId, string item)
    {
        Interact(page, () => page.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.MouseDown());
        page.WaitForAssertion(() => page.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == item), Patience);
        Interact(page, () => page.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == item).Click());
    }
}
