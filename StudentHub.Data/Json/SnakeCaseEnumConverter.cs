using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace StudentHub.Data.Json;

/// <summary>Stores an enum as the snake_case word the design document's CHECK constraints list (<c>TeacherRequested</c> ↔ <c>teacher_requested</c>).</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => ToDatabase(v),
    s => FromDatabase(s))
    where TEnum : struct, Enum
{
    public static string ToDatabase(TEnum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static TEnum FromDatabase(string value) => Enum.Parse<TEnum>(value.Replace("_", ""), ignoreCase: true);
}
