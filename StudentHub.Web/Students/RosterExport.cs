using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Audit;
using StudentHub.Web.Localization;
using StudentHub.Web.Security;

namespace StudentHub.Web.Students;

/// <summary>
/// The roster CSV endpoints: the export of the student list as filtered (its URL's query, see
/// <see cref="StudentFilterQuery"/>), and the import's template.
/// </summary>
public static class RosterExport
{
    public const string Path = "/students/export.csv";
    public const string TemplatePath = "/students/import/template.csv";

    /// <summary>The export link for the list as <paramref name="filter"/> shows it.</summary>
    public static string Link(StudentFilter filter) => Path + StudentFilterQuery.ToQueryString(filter);

    public static IEndpointRouteBuilder MapRosterCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Export).RequireAuthorization(Policies.ReadRecords);
        app.MapGet(TemplatePath, Template).RequireAuthorization(Policies.Admin);
        return app;
    }

    /// <summary>
    /// Streams the students the reader may see that match the filter, in the import's format: rows are written as
    /// the database returns them, so a million students never sit in memory. Recorded in the audit trail with the
    /// filter and the number of rows, also when the download is cut short (those rows have left the building).
    /// </summary>
    internal static PushStreamHttpResult Export(
        HttpContext http, StudentDirectory directory, IDbContextFactory<StudentHubDbContext> contextFactory, AuditTrail audit)
    {
        var filter = StudentFilterQuery.FromQuery(http.Request.Query);
        var today = ReaderTimeZone.DayOf(DateTimeOffset.UtcNow, ReaderTimeZone.Seoul);
        var fileName = $"students-{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";
        return TypedResults.Stream(async body =>
        {
            var ct = http.RequestAborted;
            var rows = 0;
            var complete = false;
            try
            {
                await using var db = await contextFactory.CreateDbContextAsync(ct);
                var students = (await directory.FilteredAsync(db, filter, ct))
                    // The order of students_unique_identifier, which its index returns without a sort.
                    .OrderBy(s => s.SchoolId).ThenBy(s => s.Grade).ThenBy(s => s.ClassName).ThenBy(s => s.StudentNumber)
                    .Select(s => new { s.Name, s.SchoolId, s.Grade, s.ClassName, s.StudentNumber, s.Email, s.ParentContact, s.Metadata, s.GraduatedAt });

                await using var csv = CsvWriter.Create(body, RosterCsv.WriterOptions, leaveOpen: true);
                RosterCsv.WriteHeader(csv);
                await foreach (var s in students.AsAsyncEnumerable().WithCancellation(ct))
                {
                    csv.WriteField(s.Name);
                    csv.WriteField(s.SchoolId);
                    csv.WriteField(s.Grade, "");
                    csv.WriteField(s.ClassName);
                    csv.WriteField(s.StudentNumber);
                    csv.WriteField(s.Email);
                    csv.WriteField(s.ParentContact);
                    csv.WriteField(s.Metadata.LearningStyle);
                    csv.WriteField(s.GraduatedAt, "yyyy-MM-dd");
                    await csv.EndRecordAsync(ct);
                    rows++;
                }
                await csv.FlushAsync(ct);
                complete = true;
            }
            finally
            {
                // Not the request's token: an export the reader broke off is still recorded.
                await audit.RecordAsync(AuditActions.Export, new Dictionary<string, object?>
                {
                    ["format"] = "csv",
                    ["filter"] = StudentFilterQuery.ToParameters(filter).Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value),
                    ["rows"] = rows,
                    ["complete"] = complete,
                }, entityType: nameof(Student), ct: CancellationToken.None);
            }
        }, "text/csv; charset=utf-8", fileName);
    }

    internal static FileContentHttpResult Template() =>
        TypedResults.File(RosterCsv.Template(), "text/csv; charset=utf-8", RosterCsv.TemplateFileName);
}
