using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Reports;
using static StudentHub.Tests.Reports.ReportTestKit;

namespace StudentHub.Tests.Reports;

/// <summary><c>GET /reports/{id}</c> through the whole app: the file as an attachment, in the reader's school scope only.</summary>
public sealed class ReportDownloadTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string School = "DL-A";
    private StudentHubWebFactory _factory = default!;
    private Guid _pdf;
    private Guid _html;
    private Guid _student;

    public async Task InitializeAsync()
    {
        _factory = new StudentHubWebFactory(database);
        await using var db = database.CreateDbContext();
        var student = NewStudent("김하늘", School);
        db.Students.Add(student);
        await db.SaveChangesAsync();
        var pdf = Report(student.Id, Now, "pdf", "김하늘-2026-03-20.pdf");
        pdf.Content = "%PDF-1.7 test"u8.ToArray();
        var html = Report(student.Id, Now, "html", "김하늘-2026-03-20.html");
        db.StudentReports.AddRange(pdf, html);
        await db.SaveChangesAsync();
        (_pdf, _html, _student) = (pdf.Id, html.Id, student.Id);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Pdf_IsAnAttachment_NamedInHangul_AndAudited()
    {
        using var client = await SignInAsync(Roles.Staff);

        var response = await client.GetAsync(ReportDownload.Link(_pdf));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        // RFC 5987: filename*=UTF-8''%EA%B9%80… carries the Hangul.
        Assert.Equal("김하늘-2026-03-20.pdf", disposition.FileNameStar);
        Assert.Equal("%PDF-1.7 test", Encoding.ASCII.GetString(await response.Content.ReadAsByteArrayAsync()));
        await using var db = database.CreateDbContext();
        Assert.True(await db.AuditLogs.AnyAsync(a => a.Action == AuditActions.Export && a.EntityKey == _student.ToString()));
    }

    [Fact]
    public async Task Html_IsAnAttachment_UnderAPolicyThatRunsNoScript()
    {
        using var client = await SignInAsync(Roles.Teacher, School);

        var response = await client.GetAsync(ReportDownload.Link(_html));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("sandbox", policy);
    }

    [Fact]
    public async Task TeacherOfAnotherSchool_AndAnUnknownReport_Get404_AnonymousIsSentToSignIn()
    {
        using var teacherOfB = await SignInAsync(Roles.Teacher, "DL-B");
        using var staff = await SignInAsync(Roles.Staff);
        using var anonymous = TestAccounts.AnonymousClient(_factory);

        Assert.Equal(HttpStatusCode.NotFound, (await teacherOfB.GetAsync(ReportDownload.Link(_pdf))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(ReportDownload.Link(Guid.NewGuid()))).StatusCode);
        var signIn = await anonymous.GetAsync(ReportDownload.Link(_pdf));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("/account/login", signIn.Headers.Location?.ToString());
    }

    private async Task<HttpClient> SignInAsync(string role, params string[] schools) =>
        await TestAccounts.SignedInClientAsync(_factory, await TestAccounts.CreateAsync(_factory, role, schools));
}
