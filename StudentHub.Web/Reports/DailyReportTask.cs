using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Localization;
using StudentHub.Web.Scheduler;

namespace StudentHub.Web.Reports;

/// <summary>
/// The scheduled task type <c>daily_report</c>. A task of one student makes that student's report, activity or not (a
/// parent asked for it). The global task makes one for every enrolled student with activity since their last report,
/// <see cref="StudentsPerBatch"/> at a time, then deletes reports older than <see cref="ReportOptions.KeepDays"/>.
/// Reports are in the app's first language (Korean), times in the task's time zone, the format and sections as
/// <c>config.report_format</c> ("pdf", the default, or "html") and <c>config.include_sections</c> say.
/// </summary>
public sealed class DailyReportTask(
    IDbContextFactory<StudentHubDbContext> contexts,
    StudentReportBuilder builder,
    IOptions<ReportOptions> options,
    IOptions<SchedulerOptions> scheduler,
    TimeProvider clock,
    ILogger<DailyReportTask> logger) : ITaskHandler
{
    public const string TaskType = "daily_report";

    /// <summary>Students read per round trip of the global run: bounds its memory, and a cancelled run stops within a batch.</summary>
    public const int StudentsPerBatch = 100;

    private static readonly CultureInfo ReportCulture = CultureInfo.GetCultureInfo(CultureSwitch.Languages[0].Culture);

    public async Task<Dictionary<string, JsonElement>?> RunAsync(TaskRunContext run, CancellationToken ct)
    {
        var config = run.Task.Config;
        var format = config.ReportFormat?.Trim().ToLowerInvariant() switch
        {
            null or "" or "pdf" => "pdf",
            "html" => "html",
            var other => throw new InvalidOperationException($"config.report_format: \"{other}\" is not a report format; use \"pdf\" or \"html\"."),
        };
        var sections = StudentReportBuilder.SectionsOf(config.IncludeSections);
        var zone = ReaderTimeZone.Find(config.TimeZone) ?? ReaderTimeZone.Find(scheduler.Value.DefaultTimeZone) ?? ReaderTimeZone.Seoul;
        var job = new Job(run.RunId, format, sections, zone);

        if (run.Task.StudentId is { } studentId)
        {
            var report = await MakeAsync(job, studentId, ct)
                ?? throw new InvalidOperationException($"The task's student {studentId} does not exist.");
            return TaskOutput.From(new { ReportId = report.Id, ReportUrl = ReportDownload.Link(report.Id), report.Format });
        }

        var (made, skipped) = await MakeForActiveStudentsAsync(job, ct);
        var deleted = await DeleteOldAsync(ct);
        logger.LogInformation("Made {Reports} student reports, skipped {Skipped} students without activity, deleted {Deleted} old reports",
            made, skipped, deleted);
        return TaskOutput.From(new { Reports = made, StudentsSkipped = skipped, ReportsDeleted = deleted });
    }

    /// <summary>
    /// Every enrolled student (no graduation date, or one still ahead; anonymized students graduated long ago), in id
    /// order: a report for those with events since their last report (or in the last <see cref="StudentReportBuilder.FirstPeriod"/>).
    /// </summary>
    private async Task<(int Made, int Skipped)> MakeForActiveStudentsAsync(Job job, CancellationToken ct)
    {
        int made = 0, skipped = 0;
        var after = Guid.Empty;
        var firstFrom = clock.GetUtcNow() - StudentReportBuilder.FirstPeriod;
        while (true)
        {
            var now = clock.GetUtcNow();
            List<Candidate> batch;
            await using (var db = await contexts.CreateDbContextAsync(ct))
            {
                batch = await db.Database.SqlQuery<Candidate>($"""
                    SELECT s.id,
                           EXISTS (
                               SELECT 1 FROM learning_history e
                               WHERE e.student_id = s.id AND e.occurred_at < {now}
                                 AND e.occurred_at >= coalesce((SELECT max(r.period_end) FROM student_reports r WHERE r.student_id = s.id), {firstFrom})
                           ) AS active
                    FROM students s
                    WHERE (s.graduated_at IS NULL OR s.graduated_at > CURRENT_DATE) AND s.id > {after}
                    ORDER BY s.id
                    LIMIT {StudentsPerBatch}
                    """).ToListAsync(ct);
            }
            foreach (var student in batch)
            {
                ct.ThrowIfCancellationRequested();
                if (student.Active && await MakeAsync(job, student.Id, ct) is not null)
                    made++;
                else
                    skipped++;
            }
            if (batch.Count < StudentsPerBatch)
                return (made, skipped);
            after = batch[^1].Id;
        }
    }

    /// <summary>Builds, renders and keeps one student's report; null when the student is gone.</summary>
    private async Task<StudentReport?> MakeAsync(Job job, Guid studentId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var data = await builder.BuildAsync(studentId, job.Sections, now, ct);
        if (data is null)
            return null;
        var content = Render(data, job);
        var report = new StudentReport
        {
            Id = Guid.CreateVersion7(now),
            StudentId = studentId,
            TaskRunId = job.RunId,
            Format = job.Format,
            FileName = FileName(data.Profile.Name, TimeZoneInfo.ConvertTime(now, job.Zone), job.Format),
            ContentType = job.Format == "pdf" ? PdfReportRenderer.ContentType : HtmlReportRenderer.ContentType,
            Content = content,
            SizeBytes = content.Length,
            PeriodStart = data.PeriodStart,
            PeriodEnd = data.To,
            CreatedAt = now,
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.StudentReports.Add(report);
        await db.SaveChangesAsync(ct);
        return report;
    }

    /// <summary>In <see cref="ReportCulture"/>, whatever culture the scheduler's thread has.</summary>
    private static byte[] Render(StudentReportData data, Job job)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = ReportCulture;
            var document = ReportDocument.Compose(data, job.Zone);
            return job.Format == "pdf" ? PdfReportRenderer.Render(document) : HtmlReportRenderer.Render(document);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    /// <summary>
    /// "정하늘-2026-03-20-0905.pdf", at <paramref name="localTime"/> (the report's zone): the name without the characters a
    /// file system refuses. The time of day keeps two reports of one day apart in a downloads folder.
    /// </summary>
    public static string FileName(string studentName, DateTimeOffset localTime, string format)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['\\', '/', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var name = new string(studentName.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim();
        if (name.Length > 100)
            name = name[..100];
        return $"{(name.Length == 0 ? "report" : name)}-{localTime.ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture)}.{format}";
    }

    private async Task<int> DeleteOldAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.KeepDays);
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.StudentReports.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    private sealed record Job(Guid RunId, string Format, IReadOnlySet<ReportSection> Sections, TimeZoneInfo Zone);

    private sealed record Candidate(Guid Id, bool Active);
}
