namespace StudentHub.Data.Entities;

/// <summary>
/// Engagement and performance of one school's grade in one week (table <c>weekly_analytics</c>), written by the
/// <c>weekly_analytics</c> task. A later run recomputes a week in place, so each (school, grade, week) has one row.
/// </summary>
public class WeeklyAnalytics
{
    public string SchoolId { get; set; } = "";
    public int Grade { get; set; }

    /// <summary>The Monday the week starts on, in the task's time zone.</summary>
    public DateOnly WeekStart { get; set; }

    // Engagement.
    public int EnrolledStudents { get; set; }
    public int ActiveStudents { get; set; }
    public int Events { get; set; }
    public long TimeSpentSeconds { get; set; }

    // Performance.
    public int Attempts { get; set; }
    public int CorrectAttempts { get; set; }

    /// <summary>Attempts with a partial result: each counts half correct, as on the student page.</summary>
    public int PartialAttempts { get; set; }

    /// <summary>Mean of <c>content.score</c> over tests and assessments; null when the week had none.</summary>
    public double? AverageScore { get; set; }

    public DateTimeOffset ComputedAt { get; set; }
    public Guid? TaskRunId { get; set; }
}
