using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Web.Security;

namespace StudentHub.Web.Reports;

/// <summary>A kept report as a list shows it: everything but its content.</summary>
public sealed record StudentReportItem(Guid Id, string Format, string FileName, int SizeBytes, DateTimeOffset? PeriodStart, DateTimeOffset PeriodEnd, DateTimeOffset CreatedAt)
{
    public string Link => ReportDownload.Link(Id);
}

/// <param name="Total">How many the student has; <see cref="Reports"/> holds the newest of them.</param>
public sealed record StudentReportPage(IReadOnlyList<StudentReportItem> Reports, int Total);

/// <summary>The student page's list of a student's reports, in the reader's school scope (outside it: none).</summary>
public sealed class StudentReportList(IDbContextFactory<StudentHubDbContext> contextFactory, SchoolScope scope)
{
    /// <summary>The list shows this many, the newest: about a month of daily reports; older ones are rarely wanted.</summary>
    public const int Shown = 30;

    public async Task<StudentReportPage> LoadAsync(Guid studentId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var students = await scope.ApplyAsync(db.Students, ct);
        var reports = db.StudentReports.Where(r => r.StudentId == studentId && students.Any(s => s.Id == studentId));
        // idx_student_reports_student_created serves both.
        var newest = await reports.OrderByDescending(r => r.CreatedAt).Take(Shown)
            .Select(r => new StudentReportItem(r.Id, r.Format, r.FileName, r.SizeBytes, r.PeriodStart, r.PeriodEnd, r.CreatedAt))
            .ToListAsync(ct);
        return new StudentReportPage(newest, newest.Count < Shown ? newest.Count : await reports.CountAsync(ct));
    }
}
