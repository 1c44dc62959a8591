using System.Text.Json;
using System.Text.Json.Serialization;

namespace StudentHub.Data.Entities;

/// <summary><c>scheduled_tasks.config</c>: the settings the built-in tasks read, plus whatever else a task carries.</summary>
public sealed class TaskConfig
{
    /// <summary>IANA time zone the cron expression is read in.</summary>
    [JsonPropertyName("timezone")]
    public string? TimeZone { get; set; }

    /// <summary>Seconds between runs, for <see cref="ScheduleType.Interval"/>.</summary>
    [JsonPropertyName("interval_seconds")]
    public int? IntervalSeconds { get; set; }

    [JsonPropertyName("report_format")]
    public string? ReportFormat { get; set; }

    [JsonPropertyName("include_sections")]
    public List<string>? IncludeSections { get; set; }

    [JsonPropertyName("scope")]
    public string? Scope { get; set; }

    [JsonPropertyName("metrics")]
    public List<string>? Metrics { get; set; }

    /// <summary>Why staff paused the task (the dashboard shows it); cleared when it resumes.</summary>
    [JsonPropertyName("paused_reason")]
    public string? PausedReason { get; set; }

    /// <summary>When a paused task resumes by itself (the dispatcher's beat does it); cleared when it resumes.</summary>
    [JsonPropertyName("resume_at")]
    public DateTimeOffset? ResumeAt { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}
