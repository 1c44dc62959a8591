using System.Text.Json;
using System.Text.Json.Serialization;

namespace StudentHub.Data.Entities;

/// <summary>
/// <c>interventions.evidence</c>: what an automatic intervention was made from, kept with it so that a teacher sees
/// why (the mastery model, when it ran, and per concept the estimate and the attempts behind it). Open JSON: keys
/// a later model adds are kept.
/// </summary>
public sealed class InterventionEvidence
{
    /// <summary>The model that estimated mastery, such as "bkt".</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = "";

    [JsonPropertyName("computed_at")]
    public DateTimeOffset ComputedAt { get; set; }

    /// <summary>The fewest attempts a concept needed to be judged.</summary>
    [JsonPropertyName("min_attempts")]
    public int MinAttempts { get; set; }

    [JsonPropertyName("concepts")]
    public List<ConceptEvidence> Concepts { get; set; } = [];

    /// <summary>The model's parameters as they were, by name (such as "p_l0"): the estimate can be redone after they change.</summary>
    [JsonPropertyName("parameters")]
    public Dictionary<string, double>? Parameters { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}

/// <summary>One weak concept as the model saw it.</summary>
public sealed class ConceptEvidence
{
    [JsonPropertyName("concept")]
    public string Concept { get; set; } = "";

    [JsonPropertyName("mastery")]
    public double Mastery { get; set; }

    [JsonPropertyName("target")]
    public double Target { get; set; }

    [JsonPropertyName("attempts")]
    public int Attempts { get; set; }

    [JsonPropertyName("correct")]
    public int Correct { get; set; }

    [JsonPropertyName("partial")]
    public int Partial { get; set; }

    [JsonPropertyName("incorrect")]
    public int Incorrect { get; set; }

    [JsonPropertyName("first_seen")]
    public DateTimeOffset? FirstSeen { get; set; }

    [JsonPropertyName("last_seen")]
    public DateTimeOffset? LastSeen { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}
