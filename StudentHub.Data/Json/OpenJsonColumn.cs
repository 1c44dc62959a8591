using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace StudentHub.Data.Json;

/// <summary>
/// Maps an open JSONB column (one whose keys other nodes may extend) to a typed class carrying a
/// <c>[JsonExtensionData]</c> bag. EF Core's JSON complex types drop keys they do not know, so these
/// columns are serialized whole with System.Text.Json instead.
/// </summary>
public static class OpenJsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) where T : class?, new() =>
        JsonSerializer.Deserialize<T>(json, Options) ?? new T();

    public static PropertyBuilder<T> IsOpenJson<T>(this PropertyBuilder<T> property) where T : class?, new()
    {
        property.HasConversion(
                new ValueConverter<T, string>(v => Serialize(v), s => Deserialize<T>(s)),
                new ValueComparer<T>(
                    (a, b) => Serialize(a) == Serialize(b),
                    v => Serialize(v).GetHashCode(),
                    v => Deserialize<T>(Serialize(v))))
            .HasColumnType("jsonb");
        return property;
    }
}
