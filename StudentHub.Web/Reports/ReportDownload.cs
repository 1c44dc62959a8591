using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Audit;
using StudentHub.Web.Security;

namespace StudentHub.Web.Reports;

/// <summary>
/// <c>GET /reports/{id}</c>: a kept report, as a download. A report of a student outside the reader's schools answers 404,
/// like a missing one. An HTML report is an attachment too, and under a CSP that allows no script: it holds names
/// other nodes wrote, and it must never run as a page of the hub.
/// </summary>
public static class ReportDownload
{
    public static string Link(Guid reportId) => $"/reports/{reportId}";

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/{id:guid}", DownloadAsync).RequireAuthorization(Policies.ReadRecords);
        return app;
    }

    internal static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(
        Guid id, HttpContext http, IDbContextFactory<StudentHubDbContext> contextFactory, SchoolScope scope, AuditTrail audit, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var students = await scope.ApplyAsync(db.Students, ct);
        var report = await db.StudentReports.AsNoTracking()
            .Where(r => r.Id == id && students.Any(s => s.Id == r.StudentId))
            .SingleOrDefaultAsync(ct);
        if (report is null)
            return TypedResults.NotFound();

        // The report holds a student's name and results: it leaves the building, like a roster export.
        await audit.RecordAsync(AuditActions.Export, new Dictionary<string, object?> { ["format"] = report.Format, ["report_id"] = report.Id },
            entityType: nameof(Student), entityKey: report.StudentId.ToString(), ct: ct);
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";
        // The file name goes out as filename*=UTF-8''… (RFC 5987) besides an ASCII fallback, so the Hangul survives.
        return TypedResults.File(report.Content, report.ContentType, report.FileName, lastModified: report.CreatedAt);
    }
}
