using Microsoft.JSInterop;

namespace StudentHub.Web.Localization;

/// <summary>
/// The time zone of the person reading the page, so that times read as their own wall clock shows them. Times are
/// stored as UTC instants; the browser knows its IANA zone (<c>Intl.DateTimeFormat().resolvedOptions().timeZone</c>),
/// read once per circuit through <c>wwwroot/js/reader-time-zone.js</c>. Until it is read (prerendering, static pages,
/// a browser that reports no zone or one this server does not know) the zone is <see cref="Seoul"/>: the users' own.
/// </summary>
/// <remarks>
/// Show a time with the <see cref="LocalTime"/> component. Code that needs the reader's zone itself (say, "today" in
/// a query) calls <see cref="ResolveAsync"/> from <c>OnAfterRenderAsync</c>, the first moment the browser can answer;
/// <see cref="StartOfDay"/> and <see cref="InstantOf"/> turn the reader's days and picked times into UTC bounds, and
/// <see cref="IanaIdOf"/> names the zone for PostgreSQL's <c>AT TIME ZONE</c>.
/// </remarks>
public sealed class ReaderTimeZone(IJSRuntime js, ILogger<ReaderTimeZone> logger)
{
    /// <summary>Asia/Seoul; Korea keeps no daylight saving time, so a fixed +09:00 is exact where the time-zone database is missing.</summary>
    public static readonly TimeZoneInfo Seoul = TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Seoul", out var seoul)
        ? seoul
        : TimeZoneInfo.CreateCustomTimeZone("Asia/Seoul", TimeSpan.FromHours(9), "Korea Standard Time", "KST");

    private const string Module = "./js/reader-time-zone.js";

    private Task<TimeZoneInfo>? _reading;

    /// <summary>The reader's zone once known, <see cref="Seoul"/> before.</summary>
    public TimeZoneInfo Zone { get; private set; } = Seoul;

    /// <summary>Whether the browser has been asked (whatever it answered); after that <see cref="Zone"/> no longer changes.</summary>
    public bool IsKnown { get; private set; }

    /// <summary>
    /// Asks the browser for its zone the first time; every later call, from any component of the circuit, shares that
    /// one answer. Only for interactive renders (JavaScript cannot be called while prerendering): call it from
    /// <c>OnAfterRenderAsync</c>.
    /// </summary>
    public Task<TimeZoneInfo> ResolveAsync() => _reading ??= ReadFromBrowserAsync();

    /// <summary>
    /// For a component that showed times before the zone was known: resolves it (see <see cref="ResolveAsync"/>) and
    /// says whether the reader's zone differs from the one those times were shown in, so they need rendering again.
    /// </summary>
    public async Task<bool> ResolveDiffersAsync()
    {
        if (IsKnown)
            return false;
        var shownIn = Zone.Id;
        return (await ResolveAsync()).Id != shownIn;
    }

    /// <summary>The instant as the reader's clock shows it.</summary>
    public DateTimeOffset ToReaderTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The zone for a browser-reported IANA name; null when the name is empty or unknown here.</summary>
    public static TimeZoneInfo? Find(string? ianaId) =>
        !string.IsNullOrWhiteSpace(ianaId) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone) ? zone : null;

    /// <summary>The IANA name PostgreSQL knows the zone by (on Windows a zone may carry its Windows id).</summary>
    public static string IanaIdOf(TimeZoneInfo zone) =>
        zone.HasIanaId ? zone.Id
        : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana
        : Seoul.Id;

    /// <summary>The reader's calendar day at <paramref name="instant"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// The first instant of <paramref name="day"/> in <paramref name="zone"/>, for range queries on UTC columns
    /// (<c>occurred_at &gt;= StartOfDay(today)</c> uses the index and prunes partitions; converting the column would not).
    /// Usually local midnight; where clocks skip midnight (they jump from 00:00, as in Havana or Santiago) the day
    /// starts at the jump, and where they go back over midnight it starts at the first midnight.
    /// </summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone) =>
        InstantOf(day.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>
    /// The instant a wall-clock time in <paramref name="zone"/> names. A time that happens twice (clocks going back)
    /// is its first occurrence; a time that never happens (clocks jumping forward) is read in the offset in force
    /// before the jump, so 02:30 in a 02:00–03:00 gap is 03:30, as PostgreSQL and browsers read it.
    /// </summary>
    public static DateTimeOffset InstantOf(DateTime wallClock, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max()
            : zone.IsInvalidTime(local) ? zone.GetUtcOffset(local.AddDays(-1))
            : zone.GetUtcOffset(local);
        // In UTC: Npgsql writes only offset-0 values to timestamptz.
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private async Task<TimeZoneInfo> ReadFromBrowserAsync()
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", Module);
            var reported = await module.InvokeAsync<string?>("readerTimeZone");
            var found = Find(reported);
            if (found is null)
                logger.LogInformation("The browser reported time zone {Reported}, unknown here; times are shown in {Zone}.", reported, Seoul.Id);
            Zone = found ?? Seoul;
        }
        catch (JSDisconnectedException)
        {
            // The reader has left: nobody is left to show a time to.
        }
        catch (Exception e) when (e is JSException or TaskCanceledException)
        {
            // A browser that cannot answer still gets consistent times, in the default zone.
            logger.LogWarning(e, "The browser's time zone could not be read; times are shown in {Zone}.", Seoul.Id);
        }
        IsKnown = true;
        return Zone;
    }
}
