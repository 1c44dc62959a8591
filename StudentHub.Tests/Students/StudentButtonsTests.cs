using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>The delete and graduate buttons a student's page places, clicked as an admin, on a real database.</summary>
public class StudentButtonsTests : AppComponentTest, IClassFixture<DatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly DatabaseFixture _database;

    public StudentButtonsTests(DatabaseFixture database)
    {
        _database = database;
        UseDatabase(database);
        Services.AddStudentEditing();
        // 03:00 UTC on 2 March is still 1 March in New York, already 2 March in Seoul.
        Services.AddSingleton<TimeProvider>(new StoppedClock(new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Delete_ConfirmsWithWhatGoesWithTheStudent_ThenDeletesAndReturnsToTheList()
    {
        SignIn("admin-buttons", "관리자", Roles.Admin);
        var id = await InsertAsync("떠나는학생");
        await using (var db = _database.CreateDbContext())
        {
            db.LearningHistory.AddRange(Event(id), Event(id));
            db.Interventions.Add(new Intervention { StudentId = id, Type = InterventionType.Auto });
            await db.SaveChangesAsync();
        }
        var page = RenderWithProviders<DeleteStudentButton>(p =>
        {
            p.AddComponentParameter(10, nameof(DeleteStudentButton.StudentId), id);
            p.AddComponentParameter(11, nameof(DeleteStudentButton.Name), "떠나는학생");
        });

        Interact(page, () => page.Find("button[data-testid=delete-student]").Click());

        page.WaitForAssertion(() => Assert.Contains(
            "Delete 떠나는학생? What is recorded about them goes too — learning events: 2, interventions: 1, scheduled tasks: 0. This cannot be undone.",
            page.Find(".mud-dialog").TextContent), Patience);
        Interact(page, () => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete").Click());

        page.WaitForAssertion(() => Assert.EndsWith("/students", Services.GetRequiredService<NavigationManager>().Uri), Patience);
        await using var check = _database.CreateDbContext();
        Assert.False(await check.Students.AnyAsync(s => s.Id == id));
        Assert.Equal(0, await check.LearningHistory.CountAsync(e => e.StudentId == id));
    }

    [Fact]
    public async Task Delete_Cancelled_KeepsTheStudent()
    {
        SignIn("admin-buttons", "관리자", Roles.Admin);
        var id = await InsertAsync("남는학생");
        var page = RenderWithProviders<DeleteStudentButton>(p =>
        {
            p.AddComponentParameter(10, nameof(DeleteStudentButton.StudentId), id);
            p.AddComponentParameter(11, nameof(DeleteStudentButton.Name), "남는학생");
        });

        Interact(page, () => page.Find("button[data-testid=delete-student]").Click());
        page.WaitForAssertion(() => page.Find(".mud-dialog"), Patience);
        Interact(page, () => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")), Patience);
        await using var check = _database.CreateDbContext();
        Assert.True(await check.Students.AnyAsync(s => s.Id == id));
    }

    [Fact]
    public async Task Graduate_DefaultsToTodayInTheReadersTimeZone_AndSavesIt()
    {
        JSInterop.SetupModule("./js/reader-time-zone.js").Setup<string?>("readerTimeZone").SetResult("America/New_York");
        SignIn("admin-buttons", "관리자", Roles.Admin);
        var id = await InsertAsync("졸업생");
        DateOnly? reported = null;
        var page = RenderWithProviders<GraduateStudentButton>(p =>
        {
            p.AddComponentParameter(10, nameof(GraduateStudentButton.StudentId), id);
            p.AddComponentParameter(11, nameof(GraduateStudentButton.Name), "졸업생");
            p.AddComponentParameter(12, nameof(GraduateStudentButton.GraduatedAtChanged),
                EventCallback.Factory.Create<DateOnly?>(this, d => reported = d));
        });

        Interact(page, () => page.Find("button[data-testid=graduate-student]").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=graduate-dialog]"), Patience);
        Interact(page, () => page.Find("button[data-testid=save-graduation]").Click());

        page.WaitForAssertion(() => Assert.Equal(new DateOnly(2026, 3, 1), reported), Patience);
        await using var check = _database.CreateDbContext();
        Assert.Equal(new DateOnly(2026, 3, 1), (await check.Students.SingleAsync(s => s.Id == id)).GraduatedAt);
    }

    [Fact]
    public async Task Graduate_CanBeUndone()
    {
        SignIn("admin-buttons", "관리자", Roles.Admin);
        var id = await InsertAsync("졸업취소");
        await Sql.ExecuteAsync(_database.ConnectionString, $"UPDATE students SET graduated_at = '2025-02-14' WHERE id = '{id}'");
        DateOnly? reported = new DateOnly(2025, 2, 14);
        var page = RenderWithProviders<GraduateStudentButton>(p =>
        {
            p.AddComponentParameter(10, nameof(GraduateStudentButton.StudentId), id);
            p.AddComponentParameter(11, nameof(GraduateStudentButton.Name), "졸업취소");
            p.AddComponentParameter(12, nameof(GraduateStudentButton.GraduatedAt), (DateOnly?)new DateOnly(2025, 2, 14));
            p.AddComponentParameter(13, nameof(GraduateStudentButton.GraduatedAtChanged),
                EventCallback.Factory.Create<DateOnly?>(this, d => reported = d));
        });

        Interact(page, () => page.Find("button[data-testid=graduate-student]").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=undo-graduation]"), Patience);
        Interact(page, () => page.Find("button[data-testid=undo-graduation]").Click());

        page.WaitForAssertion(() => Assert.Null(reported), Patience);
        await using var check = _database.CreateDbContext();
        Assert.Null((await check.Students.SingleAsync(s => s.Id == id)).GraduatedAt);
    }

    [Fact]
    public async Task ATeacher_SeesNeitherButton()
    {
        SignIn("teacher-buttons", "교사", Roles.Teacher);
        var id = await InsertAsync("학생");

        var page = Render(builder =>
        {
            builder.OpenComponent<DeleteStudentButton>(0);
            builder.AddComponentParameter(1, nameof(DeleteStudentButton.StudentId), id);
            builder.AddComponentParameter(2, nameof(DeleteStudentButton.Name), "학생");
            builder.CloseComponent();
            builder.OpenComponent<GraduateStudentButton>(3);
            builder.AddComponentParameter(4, nameof(GraduateStudentButton.StudentId), id);
            builder.AddComponentParameter(5, nameof(GraduateStudentButton.Name), "학생");
            builder.CloseComponent();
        });

        Assert.Empty(page.FindAll("button"));
    }

    private IRenderedComponent<ContainerFragment> RenderWithProviders<TButton>(Action<Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder> parameters)
        where TButton : IComponent =>
        Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<TButton>(3);
            parameters(builder);
            builder.CloseComponent();
        });

    private static void Interact(IRenderedComponent<ContainerFragment> page, Action interaction) =>
        page.WaitForAssertion(interaction, Patience);

    private Task<Guid> InsertAsync(string name) =>
        Sql.ScalarAsync<Guid>(_database.ConnectionString,
            "INSERT INTO students (name, school_id, grade) VALUES ($1, 'BTN', 9) RETURNING id", name);

    private static LearningEvent Event(Guid studentId) => new()
    {
        StudentId = studentId,
        EventType = EventType.Test,
        SourceNode = 2,
        OccurredAt = DateTimeOffset.UtcNow,
        Content = new EventContent { Result = "correct" },
    };
}
