namespace StudentHub.Data.Entities;

/// <summary>
/// A progress report the <c>daily_report</c> task made for one student (table <c>student_reports</c>): kept in the
/// database rather than on one instance's disk, so any instance can serve the download.
/// </summary>
public class StudentReport
{
    public Guid Id { get; set; }
    public Guid StudentId { get; set; }

    /// <summary>The run that made it; null once that run's history is gone.</summary>
    public Guid? TaskRunId { get; set; }

    /// <summary>"pdf" or "html", from the task's <c>config.report_format</c>.</summary>
    public string Format { get; set; } = "";

    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public byte[] Content { get; set; } = [];

    /// <summary>Kept beside the content so a list of reports never loads the files.</summary>
    public int SizeBytes { get; set; }

    /// <summary>Activity covered: from the previous report (null for the first) to the moment this one was made.</summary>
    public DateTimeOffset? PeriodStart { get; set; }
    public DateTimeOffset PeriodEnd { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Student? Student { get; set; }
}
