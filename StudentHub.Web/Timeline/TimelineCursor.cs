using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace StudentHub.Web.Timeline;

/// <summary>
/// Where a timeline page ended: the last event's <c>(occurred_at, id)</c>. The next page is everything strictly
/// before it in that order, so events that share a timestamp are neither skipped nor repeated.
/// As text (the API's <c>before</c>) it is opaque: base64url of "microseconds since the epoch:id".
/// </summary>
public readonly record struct TimelineCursor(DateTimeOffset OccurredAt, long Id)
{
    public static TimelineCursor After(TimelineEvent e) => new(e.OccurredAt, e.Id);

    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Microseconds(OccurredAt)}:{Id}")));

    public static bool TryParse(string? text, [NotNullWhen(true)] out TimelineCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
            return false;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }
        var parts = Encoding.ASCII.GetString(bytes).Split(':');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || microseconds > Microseconds(DateTimeOffset.MaxValue))
            return false;
        cursor = new TimelineCursor(DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond), id);
        return true;
    }

    // PostgreSQL keeps microseconds: a cursor finer than that would not match the row it came from.
    private static long Microseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
}
