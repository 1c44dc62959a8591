namespace StudentHub.Web.Scheduler;

/// <summary>A task staff create from the dashboard.</summary>
/// <param name="StudentId">Null for a global task.</param>
/// <param name="ReportFormat">For <see cref="ReportFormats.DailyReport"/> only.</param>
public sealed record NewScheduledTask(string TaskType, Guid? StudentId, ScheduleSpec Schedule, string? ReportFormat = null);

/// <summary>The settings of a new task beyond its schedule that one type reads.</summary>
public static class ReportFormats
{
    /// <summary>The type whose config carries a <c>report_format</c>.</summary>
    public const string DailyReport = "daily_report";

    public static readonly IReadOnlyList<string> All = ["pdf", "html"];
}
