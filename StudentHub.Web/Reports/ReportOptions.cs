namespace StudentHub.Web.Reports;

/// <summary>The <c>Reports</c> section: how long the <c>daily_report</c> task's reports are kept.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>Reports older than this many days are deleted by the global <c>daily_report</c> run: a school term's worth.</summary>
    public int KeepDays { get; set; } = 90;

    public string? Problem() => KeepDays is < 1 or > 3650 ? "KeepDays must be from 1 to 3650." : null;
}
