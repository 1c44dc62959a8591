using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>The roster export through the whole app: its bytes, the list's filter, the reader's schools, the audit trail.</summary>
public class RosterExportTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string SchoolA = "EXP_A";
    private const string SchoolB = "EXP_B";

    private StudentHubWebFactory _factory = default!;

    public async Task InitializeAsync()
    {
        _factory = new StudentHubWebFactory(database);
        await using var db = database.CreateDbContext();
        if (await db.Students.AnyAsync(s => s.SchoolId == SchoolA))
            return;
        db.Students.AddRange(
            Student("김철수", SchoolA, 10, "1반", "01", "chulsoo@example.kr", "visual", null),
            Student("이영희", SchoolA, 10, "2반", "02", null, null, null),
            Student("박민준", SchoolA, 12, "1반", "03", null, "auditory", new DateOnly(2026, 2, 14)),
            Student("=SUM(A1)", SchoolA, 11, "1반", "04", null, null, null),
            Student("최서연", SchoolB, 10, "1반", "01", null, null, null));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Export_IsUtf8WithAByteOrderMark_HangulIntact_NamedWithTheDate()
    {
        using var client = await SignInAsync(Roles.Admin);

        var response = await client.GetAsync(RosterExport.Path + "?school=" + SchoolA);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"^students-\d{4}-\d{2}-\d{2}\.csv$", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name,school_id,grade,class_name,student_number,email,parent_contact,learning_style,graduated_at", lines[0]);
        Assert.Contains("김철수,EXP_A,10,1반,01,chulsoo@example.kr,010-1234-5678,visual,", lines);
        Assert.Contains("박민준,EXP_A,12,1반,03,,010-1234-5678,auditory,2026-02-14", lines);
        // A name that starts like a formula is escaped, so opening the file in Excel does not run it.
        Assert.Contains("\"'=SUM(A1)\",EXP_A,11,1반,04,,010-1234-5678,,", lines);
    }

    [Fact]
    public async Task Export_ImportsAgain_Unchanged()
    {
        using var client = await SignInAsync(Roles.Admin);

        var bytes = await client.GetByteArrayAsync(RosterExport.Path + "?school=" + SchoolA);
        var file = RosterFile.Read("export.csv", bytes);

        Assert.Null(file.Problem);
        Assert.All(file.Rows, r => Assert.True(r.IsValid, string.Join(", ", r.Problems)));
        Assert.Equal(["김철수", "이영희", "=SUM(A1)", "박민준"], file.Rows.Select(r => r.Name));
        Assert.Equal(new DateOnly(2026, 2, 14), file.Rows.Single(r => r.Name == "박민준").GraduatedAt);
    }

    [Fact]
    public async Task Export_AppliesTheListsFilter()
    {
        using var client = await SignInAsync(Roles.Admin);

        var names = await NamesAsync(client, $"?school={SchoolA}&grade=10&style=visual");

        Assert.Equal(["김철수"], names);
    }

    [Fact]
    public async Task Export_ForATeacher_HoldsOnlyTheirSchools()
    {
        using var teacherOfB = await SignInAsync(Roles.Teacher, SchoolB);

        var everything = await NamesAsync(teacherOfB, "");
        var askedForA = await NamesAsync(teacherOfB, "?school=" + SchoolA);

        Assert.Equal(["최서연"], everything);
        Assert.Empty(askedForA);
    }

    [Fact]
    public async Task Export_IsRecordedInTheAuditTrail_WithTheFilterAndTheRowCount()
    {
        var email = await TestAccounts.CreateAsync(_factory, Roles.Staff);
        using var client = await TestAccounts.SignedInClientAsync(_factory, email);

        await client.GetByteArrayAsync($"{RosterExport.Path}?school={SchoolA}&grade=10");

        await using var db = database.CreateDbContext();
        var audit = await db.AuditLogs.SingleAsync(a => a.Action == AuditActions.Export && a.UserName == email);
        Assert.Equal(2, audit.Details!["rows"].GetInt32());
        Assert.True(audit.Details["complete"].GetBoolean());
        Assert.Equal(SchoolA, audit.Details["filter"].GetProperty("school").GetString());
        Assert.Equal("10", audit.Details["filter"].GetProperty("grade").GetString());
    }

    [Fact]
    public async Task Export_SendsAnonymousVisitorsToSignIn()
    {
        using var client = TestAccounts.AnonymousClient(_factory);

        var response = await client.GetAsync(RosterExport.Path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Template_HasEveryColumn_AndImports()
    {
        using var client = await SignInAsync(Roles.Admin);

        var bytes = await client.GetByteArrayAsync(RosterExport.TemplatePath);
        var file = RosterFile.Read(RosterCsv.TemplateFileName, bytes);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal(RosterCsv.Columns.Count, file.Columns.Count);
        Assert.True(Assert.Single(file.Rows).IsValid);
    }

    private async Task<HttpClient> SignInAsync(string role, params string[] schools) =>
        await TestAccounts.SignedInClientAsync(_factory, await TestAccounts.CreateAsync(_factory, role, schools));

    private static async Task<IReadOnlyList<string?>> NamesAsync(HttpClient client, string query)
    {
        var bytes = await client.GetByteArrayAsync(RosterExport.Path + query);
        return RosterFile.Read("export.csv", bytes).Rows.Select(r => r.Name).ToList();
    }

    private static Student Student(string name, string school, int grade, string className, string number, string? email,
        string? learningStyle, DateOnly? graduatedAt) => new()
    {
        Name = name,
        SchoolId = school,
        Grade = grade,
        ClassName = className,
        StudentNumber = number,
        Email = email,
        ParentContact = "010-1234-5678",
        Metadata = new StudentMetadata { LearningStyle = learningStyle, Other = new() { ["node2"] = System.Text.Json.JsonSerializer.SerializeToElement(1) } },
        GraduatedAt = graduatedAt,
    };
}
