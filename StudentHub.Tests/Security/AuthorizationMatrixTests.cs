using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Security;

/// <summary>
/// Every routable page and endpoint, and who may reach it. A route missing from <see cref="Expected"/> fails
/// <see cref="EveryRoute_HasAnExpectedAccess"/>: a new page cannot ship without deciding who sees it.
/// </summary>
public class AuthorizationMatrixTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    public enum Access
    {
        /// <summary>Open to everyone, signed in or not.</summary>
        Anonymous,
        AnySignedIn,
        ReadRecords,

        /// <summary>ReadRecords, of a record in school SCH001: a teacher of another school gets 404, as if it did not exist.</summary>
        ReadRecordsOfSchoolA,
        ManageScheduler,
        Admin,

        /// <summary>An API route for source nodes: an ingest key, never a sign-in; without one, 401 problem details, not a redirect.</summary>
        IngestKey,

        /// <summary>The API's fallback: 404 problem details for everyone, never a redirect to the sign-in page.</summary>
        ApiNotFound,
    }

    public enum Visitor
    {
        Anonymous,
        TeacherOfSchoolA,
        TeacherOfSchoolB,
        Staff,
        Admin,
    }

    /// <summary>In a URL, the id of a student of school SCH001 that <see cref="InitializeAsync"/> inserts.</summary>
    private const string StudentOfSchoolA = "{student-of-SCH001}";

    /// <summary>In a URL, the id of an intervention of that student, which <see cref="InitializeAsync"/> inserts too.</summary>
    private const string InterventionOfSchoolA = "{intervention-of-SCH001}";

    /// <summary>In a URL, the id of a kept report of that student, which <see cref="InitializeAsync"/> inserts too.</summary>
    private const string ReportOfSchoolA = "{report-of-SCH001}";

    /// <summary>In a URL, the id of a scheduled task that <see cref="InitializeAsync"/> inserts.</summary>
    private const string ScheduledTaskId = "{scheduled-task}";

    /// <summary>"METHOD pattern" → who may, and the URL to try it with. A page (GET and its form posts share one endpoint) is listed as GET.</summary>
    private static readonly Dictionary<string, (Access Access, string Url)> Expected = new()
    {
        ["GET /"] = (Access.AnySignedIn, "/"),
        ["GET /account/login"] = (Access.Anonymous, "/account/login"),
        ["GET /account/access-denied"] = (Access.Anonymous, "/account/access-denied"),
        ["GET /account/password"] = (Access.AnySignedIn, "/account/password"),
        ["POST /account/logout"] = (Access.AnySignedIn, "/account/logout"),
        ["GET /culture"] = (Access.Anonymous, "/culture?culture=en-US&returnUrl=%2F"),
        ["GET /not-found"] = (Access.AnySignedIn, "/not-found"),
        ["GET /Error"] = (Access.AnySignedIn, "/Error"),
        ["GET /admin/users"] = (Access.Admin, "/admin/users"),
        ["GET /admin/ingest"] = (Access.Admin, "/admin/ingest"),
        ["GET /admin/audit"] = (Access.Admin, "/admin/audit"),
        ["GET /admin/database"] = (Access.Admin, "/admin/database"),
        ["GET /students"] = (Access.ReadRecords, "/students"),
        ["GET /interventions"] = (Access.ReadRecords, "/interventions"),
        ["GET /interventions/{Id:guid}"] = (Access.ReadRecordsOfSchoolA, $"/interventions/{InterventionOfSchoolA}"),
        ["GET /activity"] = (Access.ReadRecords, "/activity"),
        ["GET /analytics"] = (Access.ReadRecords, "/analytics"),
        ["GET /scheduler"] = (Access.ManageScheduler, "/scheduler"),
        ["GET /scheduler/{Id:guid}"] = (Access.ManageScheduler, $"/scheduler/{ScheduledTaskId}"),
        ["GET /students/{Id:guid}"] = (Access.ReadRecordsOfSchoolA, $"/students/{StudentOfSchoolA}"),
        ["GET /students/{Id:guid}/timeline"] = (Access.ReadRecordsOfSchoolA, $"/students/{StudentOfSchoolA}/timeline"),
        ["GET /students/import"] = (Access.Admin, "/students/import"),
        ["GET /students/import/template.csv"] = (Access.Admin, "/students/import/template.csv"),
        ["GET /students/export.csv"] = (Access.ReadRecords, "/students/export.csv"),
        ["GET /reports/{id:guid}"] = (Access.ReadRecordsOfSchoolA, $"/reports/{ReportOfSchoolA}"),
        ["GET /students/new"] = (Access.Admin, "/students/new"),
        ["GET /students/{id:guid}/edit"] = (Access.Admin, $"/students/{StudentOfSchoolA}/edit"),
        ["GET /interventions/new"] = (Access.Admin, "/interventions/new"),
        ["GET /interventions/{Id:guid}/edit"] = (Access.Admin, $"/interventions/{InterventionOfSchoolA}/edit"),
        ["POST /api/v1/events"] = (Access.IngestKey, "/api/v1/events"),
        ["GET /api/v1/students/{id:guid}/events"] = (Access.IngestKey, $"/api/v1/students/{StudentOfSchoolA}/events"),
        ["GET /api/{**path}"] = (Access.ApiNotFound, "/api/v2/unknown"),
        ["GET /openapi/{documentName}.json"] = (Access.Anonymous, "/openapi/v1.json"),
        ["GET /scalar/{documentName?}"] = (Access.Anonymous, "/scalar/v1"),
        ["GET /scalar/scalar.js"] = (Access.Anonymous, "/scalar/scalar.js"),
        ["GET /scalar/scalar.aspnetcore.js"] = (Access.Anonymous, "/scalar/scalar.aspnetcore.js"),
        ["GET /scalar/favicon.svg"] = (Access.Anonymous, "/scalar/favicon.svg"),
        ["GET /health/live"] = (Access.Anonymous, "/health/live"),
        ["GET /health/ready"] = (Access.Anonymous, "/health/ready"),
    };

    private StudentHubWebFactory _factory = default!;
    private readonly Dictionary<Visitor, HttpClient> _clients = [];
    private Guid _studentOfSchoolA;
    private Guid _interventionOfSchoolA;
    private Guid _reportOfSchoolA;
    private Guid _scheduledTask;

    public async Task InitializeAsync()
    {
        _factory = new StudentHubWebFactory(database);
        await using (var db = database.CreateDbContext())
        {
            var student = new Student { Name = "권한 확인 학생", SchoolId = "SCH001", Grade = 5 };
            var intervention = new Intervention { Student = student, Type = InterventionType.TeacherRequested };
            db.Students.Add(student);
            db.Interventions.Add(intervention);
            var task = new ScheduledTask { TaskType = "auto_interventions", ScheduleType = ScheduleType.Cron, CronExpression = "0 3 * * *" };
            db.ScheduledTasks.Add(task);
            await db.SaveChangesAsync();
            _scheduledTask = task.Id;
            _studentOfSchoolA = student.Id;
            _interventionOfSchoolA = intervention.Id;
            var report = new StudentReport
            {
                Id = Guid.CreateVersion7(), StudentId = student.Id, Format = "html", FileName = "report.html", ContentType = "text/html; charset=utf-8",
                Content = "<p>report</p>"u8.ToArray(), SizeBytes = 13, PeriodEnd = DateTimeOffset.UtcNow, CreatedAt = DateTimeOffset.UtcNow,
            };
            db.StudentReports.Add(report);
            await db.SaveChangesAsync();
            _reportOfSchoolA = report.Id;
        }
        _clients[Visitor.Anonymous] = TestAccounts.AnonymousClient(_factory);
        _clients[Visitor.TeacherOfSchoolA] = await SignInAsync(Roles.Teacher, "SCH001");
        _clients[Visitor.TeacherOfSchoolB] = await SignInAsync(Roles.Teacher, "SCH002");
        _clients[Visitor.Staff] = await SignInAsync(Roles.Staff);
        _clients[Visitor.Admin] = await SignInAsync(Roles.Admin);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
            client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public void EveryRoute_HasAnExpectedAccess()
    {
        var routes = Routes();

        Assert.Empty(routes.Except(Expected.Keys));
        Assert.Empty(Expected.Keys.Except(routes));
    }

    public static TheoryData<string, Visitor> RoutesByVisitor()
    {
        var data = new TheoryData<string, Visitor>();
        foreach (var route in Expected.Keys.Where(r => r.StartsWith("GET ") || Expected[r].Access == Access.IngestKey))
            foreach (var visitor in Enum.GetValues<Visitor>())
                data.Add(route, visitor);
        return data;
    }

    [Theory]
    [MemberData(nameof(RoutesByVisitor))]
    public async Task Route_AnswersEachVisitorAsExpected(string route, Visitor visitor)
    {
        var (access, url) = Expected[route];
        url = url.Replace(StudentOfSchoolA, _studentOfSchoolA.ToString()).Replace(InterventionOfSchoolA, _interventionOfSchoolA.ToString())
            .Replace(ScheduledTaskId, _scheduledTask.ToString()).Replace(ReportOfSchoolA, _reportOfSchoolA.ToString());

        var response = await _clients[visitor].SendAsync(new HttpRequestMessage(new HttpMethod(route.Split(' ')[0]), url));

        var location = response.Headers.Location?.ToString() ?? "";
        if (access == Access.IngestKey)
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized && response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                $"{visitor} at {url}: {(int)response.StatusCode} {location}");
        else if (access == Access.ApiNotFound)
            Assert.True(response.StatusCode == HttpStatusCode.NotFound && response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                $"{visitor} at {url}: {(int)response.StatusCode} {location}");
        else if (access == Access.Anonymous || Allows(access, visitor))
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect && !location.Contains("/account/login") && !location.Contains("access-denied"),
                $"{visitor} should reach {url}: {(int)response.StatusCode} {location}");
        else if (visitor == Visitor.Anonymous)
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && location.Contains("/account/login"), $"{url}: {(int)response.StatusCode} {location}");
        else if (access == Access.ReadRecordsOfSchoolA && visitor == Visitor.TeacherOfSchoolB)
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{visitor} at {url}: {(int)response.StatusCode} {location}");
        else
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && location.Contains("/account/access-denied"), $"{visitor} at {url}: {(int)response.StatusCode} {location}");
    }

    private static bool Allows(Access access, Visitor visitor) => access switch
    {
        Access.Anonymous => true,
        Access.AnySignedIn => visitor != Visitor.Anonymous,
        Access.ReadRecords => visitor != Visitor.Anonymous,
        Access.ReadRecordsOfSchoolA => visitor is Visitor.TeacherOfSchoolA or Visitor.Staff or Visitor.Admin,
        Access.ManageScheduler => visitor is Visitor.Staff or Visitor.Admin,
        Access.Admin => visitor == Visitor.Admin,
        _ => false,
    };

    private HashSet<string> Routes()
    {
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new HashSet<string>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            // Framework plumbing (the circuit hub, framework scripts) and static files are not pages; an endpoint that
            // serves a file it makes (/students/export.csv) is, so static files are told by their metadata, not their extension.
            if (pattern.StartsWith("/_") || pattern.Contains(":file}") || endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor"))
                continue;
            var isPage = endpoint.Metadata.Any(m => m.GetType().Name == "ComponentTypeMetadata");
            var methods = isPage ? ["GET"] : endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
                routes.Add($"{method} {pattern}");
        }
        return routes;
    }

    private async Task<HttpClient> SignInAsync(string role, params string[] schools) =>
        await TestAccounts.SignedInClientAsync(_factory, await TestAccounts.CreateAsync(_factory, role, schools));
}
