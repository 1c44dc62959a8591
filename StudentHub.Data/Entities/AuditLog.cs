using System.Text.Json;
using System.Text.Json.Serialization;

namespace StudentHub.Data.Entities;

/// <summary>One row of the audit trail (<c>audit.audit_logs</c>): who did what, when, to which record.</summary>
public class AuditLog
{
    public long Id { get; set; }
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>Null for work the system did by itself (scheduled jobs, start-up).</summary>
    public string? UserId { get; set; }

    public string? UserName { get; set; }
    public string Action { get; set; } = "";

    /// <summary>The entity's CLR name (<c>Student</c>, <c>Intervention</c>…), or null for sign-ins.</summary>
    public string? EntityType { get; set; }

    public string? EntityKey { get; set; }

    /// <summary>Each changed field's old and new value, by column name.</summary>
    public Dictionary<string, FieldChange>? Changes { get; set; }

    /// <summary>What else matters for this action: the address of a sign-in, the filter of an export…</summary>
    public Dictionary<string, JsonElement>? Details { get; set; }
}

public sealed class FieldChange
{
    [JsonPropertyName("old")]
    public JsonElement? Old { get; set; }

    [JsonPropertyName("new")]
    public JsonElement? New { get; set; }
}

public static class AuditActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string SignIn = "sign_in";
    public const string SignInFailed = "sign_in_failed";
    public const string SignOut = "sign_out";
    public const string Export = "export";
}
