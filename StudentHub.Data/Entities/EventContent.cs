using System.Text.Json;
using System.Text.Json.Serialization;

namespace StudentHub.Data.Entities;

/// <summary>
/// <c>learning_history.content</c>: each node sends its own shape. The fields the hub reads are typed;
/// everything else is kept in <see cref="Other"/> and never dropped.
/// </summary>
public sealed class EventContent
{
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    [JsonPropertyName("problem_id")]
    public string? ProblemId { get; set; }

    [JsonPropertyName("concept")]
    public string? Concept { get; set; }

    /// <summary>"correct", "incorrect" or "partial".</summary>
    [JsonPropertyName("result")]
    public string? Result { get; set; }

    /// <summary>Seconds.</summary>
    [JsonPropertyName("time_spent")]
    public int? TimeSpent { get; set; }

    /// <summary>0 (easy) to 1 (hard).</summary>
    [JsonPropertyName("difficulty")]
    public double? Difficulty { get; set; }

    [JsonPropertyName("hints_used")]
    public int? HintsUsed { get; set; }

    /// <summary>0 to 100, for tests and assessments.</summary>
    [JsonPropertyName("score")]
    public double? Score { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}
