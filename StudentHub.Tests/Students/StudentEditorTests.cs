using AngleSharp.Dom;
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

/// <summary>
/// The student form as an admin uses it, on a real database: each rule answered beside its field with nothing
/// saved, the identifier's holder named, and the conflict dialog's two versions and two choices.
/// </summary>
public class StudentEditorTests : AppComponentTest, IClassFixture<DatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly DatabaseFixture _database;
    private readonly List<Guid> _saved = [];

    public StudentEditorTests(DatabaseFixture database)
    {
        _database = database;
        UseDatabase(database);
        Services.AddStudentEditing();
        SignIn("admin-form", "관리자 양식", Roles.Admin);
    }

    [Fact]
    public async Task OverLongName_IsAnsweredBesideTheName_AndNothingIsSaved()
    {
        var school = School();
        var form = RenderEditor(null, NewStudent(school));

        Type(form, "name", new string('김', 101));
        Save(form);

        form.WaitForAssertion(() => Assert.Equal("At most 100 characters; this has 101.", FieldError(form, "name")), Patience);
        Assert.Empty(_saved);
        Assert.Equal(0, await CountAsync(school));
    }

    [Fact]
    public void EmptyRequiredFields_AreAnsweredBesideEach_InTheFormsOwnWords()
    {
        var form = RenderEditor(null, new StudentInput());

        Save(form);

        form.WaitForAssertion(() =>
        {
            Assert.Equal("Enter the student's name.", FieldError(form, "name"));
            Assert.Equal("Enter the school ID.", FieldError(form, "school-id"));
            Assert.Equal("Enter the grade.", FieldError(form, "grade"));
        }, Patience);
        Assert.Null(FieldError(form, "email"));
        Assert.Empty(_saved);
    }

    [Theory]
    [InlineData("abc", "“abc” is not a grade: enter a whole number from 1 to 12.")]
    [InlineData("13", "There is no grade 13: grades run from 1 to 12.")]
    [InlineData("0", "There is no grade 0: grades run from 1 to 12.")]
    public async Task GradeOutsideOneToTwelve_IsAnsweredBesideTheGrade_AndNothingIsSaved(string grade, string message)
    {
        var school = School();
        var form = RenderEditor(null, NewStudent(school));

        Type(form, "grade", grade);
        Save(form);

        form.WaitForAssertion(() => Assert.Equal(message, FieldError(form, "grade")), Patience);
        Assert.Null(FieldError(form, "name"));
        Assert.Equal(0, await CountAsync(school));
    }

    [Fact]
    public async Task BadPhoneAndEmail_AreAnsweredBesideTheirFields_AGoodPhoneIsShownDashed()
    {
        var school = School();
        var form = RenderEditor(null, NewStudent(school));

        Type(form, "parent-contact", "010-123");
        Type(form, "email", "parent@@school.kr");
        Save(form);

        form.WaitForAssertion(() =>
        {
            Assert.Equal("Enter a Korean phone number, such as 010-1234-5678, 02-123-4567 or 031-123-4567.", FieldError(form, "parent-contact"));
            Assert.Equal("This is not an email address (name@example.com).", FieldError(form, "email"));
        }, Patience);
        Assert.Equal(0, await CountAsync(school));

        Type(form, "parent-contact", "0311234567");
        form.WaitForAssertion(() =>
        {
            Assert.Equal("031-123-4567", form.Find("input[data-testid=parent-contact]").GetAttribute("value"));
            Assert.Null(FieldError(form, "parent-contact"));
        }, Patience);
    }

    [Theory]
    [InlineData("{ \"node4\": ", "This is not valid JSON: look at line 1, column 12.")]
    [InlineData("[1, 2]", "Enter a JSON object: { \"key\": value, … }.")]
    [InlineData("{ \"interests\": [] }", "“interests” has its own field above: remove it here.")]
    public async Task OtherMetadataThatIsNotAnObjectOfOtherKeys_IsAnsweredBesideTheJson_AndNothingIsSaved(string json, string message)
    {
        var school = School();
        var form = RenderEditor(null, NewStudent(school));

        Interact(form, () => form.Find("textarea[data-testid=other-metadata]").Change(json));
        Save(form);

        form.WaitForAssertion(() => Assert.Equal(message, FieldError(form, "other-metadata")), Patience);
        Assert.Empty(_saved);
        Assert.Equal(0, await CountAsync(school));
    }

    [Fact]
    public async Task AValidForm_CreatesTheStudent_WithItsLearningProfile()
    {
        var school = School();
        var form = RenderEditor(null, NewStudent(school));

        Type(form, "parent-contact", "02 123 4567");
        Interact(form, () => form.Find("input[data-testid=new-interest]").Input("천문학"));
        Interact(form, () => form.Find("input[data-testid=new-interest]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" }));
        form.WaitForAssertion(() => Assert.Contains("천문학", form.Find("[data-testid=interests]").TextContent), Patience);
        Interact(form, () => form.Find("textarea[data-testid=other-metadata]").Change("{\"node4_level\": 2}"));
        Save(form);

        form.WaitForAssertion(() => Assert.Single(_saved), Patience);
        await using var db = _database.CreateDbContext();
        var student = await db.Students.SingleAsync(s => s.Id == _saved[0]);
        Assert.Equal((school, 7, "02-123-4567"), (student.SchoolId, student.Grade, student.ParentContact));
        Assert.Equal(["천문학"], student.Metadata.Interests);
        Assert.Equal(2, student.Metadata.Other!["node4_level"].GetInt32());
    }

    [Fact]
    public async Task ATakenIdentifier_IsAnsweredBesideTheNumber_NamingAndLinkingTheStudentWhoHasIt()
    {
        var school = School();
        var holder = await InsertAsync(school, "김민준", "1반", "05");
        var form = RenderEditor(null, NewStudent(school));

        Type(form, "class-name", "1반");
        Type(form, "student-number", "05");
        Save(form);

        form.WaitForAssertion(() => Assert.Equal(
            "This school, grade, class and number already belong to 김민준.",
            form.Find("[data-testid=identifier-taken]").TextContent.Trim()), Patience);
        Assert.Equal($"/students/{holder}", form.Find("[data-testid=identifier-holder]").GetAttribute("href"));
        Assert.Equal(1, await CountAsync(school));

        // Another number is another identifier: the message goes, and the save goes through.
        Type(form, "student-number", "06");
        form.WaitForAssertion(() => Assert.Empty(form.FindAll("[data-testid=identifier-taken]")), Patience);
        Save(form);
        form.WaitForAssertion(() => Assert.Single(_saved), Patience);
    }

    [Fact]
    public async Task ConflictDialog_ShowsBothVersionsFieldByField_MarkingTheDifferences()
    {
        var (id, form) = await EditAfterSomeoneElseSavedAsync();

        var dialog = form.Find("[data-testid=conflict-dialog]");
        var rows = dialog.QuerySelectorAll("[data-testid=conflict-row]").ToDictionary(r => r.GetAttribute("data-field")!);
        Assert.Equal(Enum.GetNames<StudentField>(), rows.Keys);
        Assert.Equal(["Name", "ClassName", "Email", "LearningStyle"],
            rows.Where(r => r.Value.GetAttribute("data-differs") == "true").Select(r => r.Key));
        Assert.Equal(("그들의이름", "나의이름"), (Cell(rows["Name"], "theirs"), Cell(rows["Name"], "mine")));
        Assert.Equal(("theirs@school.kr", "—"), (Cell(rows["Email"], "theirs"), Cell(rows["Email"], "mine")));
        Assert.Equal(("Auditory", "Visual"), (Cell(rows["LearningStyle"], "theirs"), Cell(rows["LearningStyle"], "mine")));
        Assert.Equal(("7", "7"), (Cell(rows["Grade"], "theirs"), Cell(rows["Grade"], "mine")));
        Assert.NotNull(rows["Name"].QuerySelector("[data-testid=differs]"));
        Assert.Null(rows["Grade"].QuerySelector("[data-testid=differs]"));
        Assert.Equal("Fields that differ: 4.", dialog.QuerySelector("[data-testid=conflict-summary]")!.TextContent.Trim());
        Assert.Equal("그들의이름", await NameAsync(id));
    }

    [Fact]
    public async Task ConflictDialog_KeepTheirs_ReloadsTheFormWithTheirVersion_AndSavesNothing()
    {
        var (id, form) = await EditAfterSomeoneElseSavedAsync();

        Interact(form, () => form.Find("[data-testid=keep-theirs]").Click());

        form.WaitForAssertion(() =>
        {
            Assert.Empty(form.FindAll("[data-testid=conflict-dialog]"));
            Assert.Equal("그들의이름", form.Find("input[data-testid=name]").GetAttribute("value"));
            Assert.Equal("theirs@school.kr", form.Find("input[data-testid=email]").GetAttribute("value"));
            Assert.NotNull(form.Find("[data-testid=notice]"));
        }, Patience);
        Assert.Empty(_saved);
        Assert.Equal("그들의이름", await NameAsync(id));

        // The form now holds their version: an edit from here saves without a conflict.
        Type(form, "class-name", "9반");
        Save(form);
        form.WaitForAssertion(() => Assert.Equal([id], _saved), Patience);
        await using var db = _database.CreateDbContext();
        var student = await db.Students.SingleAsync(s => s.Id == id);
        Assert.Equal(("그들의이름", "9반", "theirs@school.kr"), (student.Name, student.ClassName, student.Email));
    }

    [Fact]
    public async Task ConflictDialog_OverwriteWithMine_SavesTheForm()
    {
        var (id, form) = await EditAfterSomeoneElseSavedAsync();

        Interact(form, () => form.Find("[data-testid=overwrite-with-mine]").Click());

        form.WaitForAssertion(() => Assert.Equal([id], _saved), Patience);
        Assert.Empty(form.FindAll("[data-testid=conflict-dialog]"));
        await using var db = _database.CreateDbContext();
        var student = await db.Students.SingleAsync(s => s.Id == id);
        Assert.Equal(("나의이름", "5반", null, "visual"), (student.Name, student.ClassName, student.Email, student.Metadata.LearningStyle));
    }

    [Fact]
    public async Task ConflictDialog_DecidingLater_SavesNothing_AndSaysSo()
    {
        var (id, form) = await EditAfterSomeoneElseSavedAsync();

        Interact(form, () => form.Find("[data-testid=conflict-cancel]").Click());

        form.WaitForAssertion(() => Assert.NotNull(form.Find("[data-testid=conflict-pending]")), Patience);
        Assert.Empty(_saved);
        Assert.Equal("그들의이름", await NameAsync(id));
    }

    [Fact]
    public async Task SavingAStudentDeletedMeanwhile_SaysItIsGone()
    {
        var id = await InsertAsync(School(), "사라질학생", null, null);
        var form = RenderEditor(id, await LoadAsync(id));
        await using (var db = _database.CreateDbContext())
            await db.Students.Where(s => s.Id == id).ExecuteDeleteAsync();

        Type(form, "name", "새이름");
        Save(form);

        form.WaitForAssertion(() => Assert.Contains("deleted while you were editing", form.Find("[data-testid=student-gone]").TextContent), Patience);
        Assert.True(form.Find("button[data-testid=save]").HasAttribute("disabled"));
        Assert.Empty(_saved);
    }

    // Loads a student into the form, has someone else save it, edits the form and saves: the conflict dialog opens.
    private async Task<(Guid Id, IRenderedComponent<ContainerFragment> Form)> EditAfterSomeoneElseSavedAsync()
    {
        var id = await InsertAsync(School(), "원래이름", "1반", null, """{"learning_style": "visual"}""");
        var form = RenderEditor(id, await LoadAsync(id));
        await using (var db = _database.CreateDbContext())
        {
            var theirs = await db.Students.SingleAsync(s => s.Id == id);
            theirs.Name = "그들의이름";
            theirs.Email = "theirs@school.kr";
            theirs.Metadata.LearningStyle = "auditory";
            await db.SaveChangesAsync();
        }

        Type(form, "name", "나의이름");
        Type(form, "class-name", "5반");
        Save(form);
        form.WaitForAssertion(() => form.Find("[data-testid=conflict-dialog]"), Patience);
        return (id, form);
    }

    private IRenderedComponent<ContainerFragment> RenderEditor(Guid? id, StudentInput student) =>
        Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<StudentEditor>(2);
            builder.AddComponentParameter(3, nameof(StudentEditor.StudentId), id);
            builder.AddComponentParameter(4, nameof(StudentEditor.Student), student);
            builder.AddComponentParameter(5, nameof(StudentEditor.OnSaved), EventCallback.Factory.Create<Guid>(this, _saved.Add));
            builder.CloseComponent();
        });

    private static StudentInput NewStudent(string school) => new() { Name = "새학생", SchoolId = school, Grade = "7" };

    private static string School() => "FORM_" + Guid.NewGuid().ToString("N")[..8];

    private static void Type(IRenderedComponent<ContainerFragment> form, string testId, string value) =>
        Interact(form, () => form.Find($"input[data-testid={testId}]").Change(value));

    private static void Save(IRenderedComponent<ContainerFragment> form) =>
        Interact(form, () => form.Find("button[data-testid=save]").Click());

    // Until the event lands: a render in between can replace the element just found.
    private static void Interact(IRenderedComponent<ContainerFragment> form, Action interaction) =>
        form.WaitForAssertion(interaction, Patience);

    /// <summary>The error MudBlazor shows under the input, if any (without the character counter beside it).</summary>
    private static string? FieldError(IRenderedComponent<ContainerFragment> form, string testId) =>
        form.Find($"[data-testid={testId}]").Closest(".mud-input-control")!
            .QuerySelector(".mud-input-helper-text.mud-input-error > .me-auto")?.TextContent.Trim();

    private static string Cell(IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    private async Task<StudentInput> LoadAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<StudentEditing>().LoadAsync(id))!;
    }

    private async Task<Guid> InsertAsync(string school, string name, string? className, string? number, string metadata = "{}") =>
        await Sql.ScalarAsync<Guid>(_database.ConnectionString,
            "INSERT INTO students (name, school_id, grade, class_name, student_number, metadata) VALUES ($1, $2, 7, $3, $4, $5::jsonb) RETURNING id",
            name, school, (object?)className ?? DBNull.Value, (object?)number ?? DBNull.Value, metadata);

    private async Task<string> NameAsync(Guid id)
    {
        await using var db = _database.CreateDbContext();
        return await db.Students.Where(s => s.Id == id).Select(s => s.Name).SingleAsync();
    }

    private Task<long> CountAsync(string school) =>
        Sql.ScalarAsync<long>(_database.ConnectionString, "SELECT count(*) FROM students WHERE school_id = $1", school);
}

/// <summary>The same form for a Korean reader: labels, choices and every message from the .ko resources.</summary>
public class StudentEditorInKoreanTests : AppComponentTest, IClassFixture<DatabaseFixture>
{
    public StudentEditorInKoreanTests(DatabaseFixture database) : base("ko-KR")
    {
        UseDatabase(database);
        Services.AddStudentEditing();
        SignIn("admin-form-ko", "관리자", Roles.Admin);
    }

    [Fact]
    public void SpeaksKorean()
    {
        var form = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<StudentEditor>(1);
            builder.AddComponentParameter(2, nameof(StudentEditor.Student),
                new StudentInput { Name = "김철수", SchoolId = "SCH001", Grade = "7", LearningStyle = "kinesthetic" });
            builder.CloseComponent();
        });

        form.WaitForAssertion(() => form.Find("input[data-testid=grade]").Change("abc"), TimeSpan.FromSeconds(10));
        form.WaitForAssertion(() => form.Find("textarea[data-testid=other-metadata]").Change("{ \"special_needs\": true }"), TimeSpan.FromSeconds(10));
        form.WaitForAssertion(() => form.Find("button[data-testid=save]").Click(), TimeSpan.FromSeconds(10));

        form.WaitForAssertion(() =>
        {
            Assert.Contains("‘abc’은(는) 학년이 아닙니다. 1부터 12까지의 정수를 입력하세요.", form.Markup);
            Assert.Contains("‘special_needs’은(는) 위의 입력란에서 편집합니다. 여기서는 지우세요.", form.Markup);
        }, TimeSpan.FromSeconds(10));
        Assert.Contains("보호자 연락처", form.Markup);
        Assert.Contains("체험형", form.Markup);
        Assert.Equal("학생 등록", form.Find("button[data-testid=save]").TextContent.Trim());
    }
}
