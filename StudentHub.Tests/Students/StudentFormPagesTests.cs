using System.Net;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Students;

/// <summary>The create and edit pages through the whole app, as an admin's browser first receives them (prerendered).</summary>
public class StudentFormPagesTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private StudentHubWebFactory _factory = default!;
    private HttpClient _admin = default!;

    public async Task InitializeAsync()
    {
        _factory = new StudentHubWebFactory(database);
        _admin = await TestAccounts.SignedInClientAsync(_factory, await TestAccounts.CreateAsync(_factory, Roles.Admin));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task EditPage_OfAStudentThatDoesNotExist_Answers404()
    {
        var response = await _admin.GetAsync($"/students/{Guid.NewGuid()}/edit");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task EditPage_ShowsTheStudentInTheForm_InKorean()
    {
        var id = await Sql.ScalarAsync<Guid>(database.ConnectionString,
            "INSERT INTO students (name, school_id, grade, parent_contact) VALUES ('편집할학생', 'PAGES', 8, '010-2222-3333') RETURNING id");

        var html = await _admin.GetStringAsync($"/students/{id}/edit");

        Assert.Contains("편집할학생 편집", html);
        Assert.Contains("value=\"010-2222-3333\"", html);
        Assert.Contains("보호자 연락처", html);
    }

    [Fact]
    public async Task NewPage_ShowsAnEmptyForm()
    {
        var html = await _admin.GetStringAsync("/students/new");

        Assert.Contains("학생 등록", html);
        Assert.Contains("data-testid=\"student-form\"", html);
    }
}
