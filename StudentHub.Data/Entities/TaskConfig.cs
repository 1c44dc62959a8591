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

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}
