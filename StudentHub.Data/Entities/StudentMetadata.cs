using System.Text.Json;
using System.Text.Json.Serialization;

namespace StudentHub.Data.Entities;

/// <summary>
/// <c>students.metadata</c>: the keys the hub understands, typed; every other key another node wrote is kept
/// in <see cref="Other"/> and written back unchanged, because the column is open by design.
/// </summary>
public sealed class StudentMetadata
{
    [JsonPropertyName("learning_style")]
    public string? LearningStyle { get; set; }

    [JsonPropertyName("special_needs")]
    public bool? SpecialNeeds { get; set; }

    [JsonPropertyName("interests")]
    public List<string>? Interests { get; set; }

    [JsonPropertyName("parent_preferences")]
    public ParentPreferences? ParentPreferences { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}

public sealed class ParentPreferences
{
    [JsonPropertyName("notification_method")]
    public string? NotificationMethod { get; set; }

    [JsonPropertyName("report_frequency")]
    public string? ReportFrequency { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}
