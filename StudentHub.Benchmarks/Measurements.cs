using System.Diagnostics;
using System.Globalization;

namespace StudentHub.Benchmarks;

/// <summary>Wall-clock samples of one way of running a scenario, in milliseconds.</summary>
internal sealed class Samples
{
    private readonly List<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    /// <summary>Safe from several threads at once (the ingest clients add concurrently).</summary>
    public void Add(TimeSpan elapsed)
    {
        lock (_milliseconds)
            _milliseconds.Add(elapsed.TotalMilliseconds);
    }

    /// <summary>Nearest-rank percentile: the smallest sample with at least <paramref name="percent"/>% of the samples at or below it.</summary>
    public double Percentile(double percent)
    {
        if (_milliseconds.Count == 0)
            return double.NaN;
        var sorted = _milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public double P50 => Percentile(50);
    public double P95 => Percentile(95);
    public double Max => _milliseconds.Count == 0 ? double.NaN : _milliseconds.Max();

    /// <summary>
    /// <paramref name="iterations"/> timings each of two ways of doing the same work, alternating which goes first so that
    /// neither always runs on caches the other just warmed. Each way gets the iteration's index and returns its time.
    /// </summary>
    public static async Task<(Samples First, Samples Second)> InterleavedAsync(
        int iterations, Func<int, Task<TimeSpan>> first, Func<int, Task<TimeSpan>> second)
    {
        var (firsts, seconds) = (new Samples(), new Samples());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        for (var i = 0; i < iterations; i++)
        {
            if (i % 2 == 0)
            {
                firsts.Add(await first(i));
                seconds.Add(await second(i));
            }
            else
            {
                seconds.Add(await second(i));
                firsts.Add(await first(i));
            }
        }
        return (firsts, seconds);
    }

    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var start = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(start);
    }
}

internal static class Format
{
    public static string Ms(double ms) => double.IsNaN(ms) ? "–" : ms.ToString(ms < 10 ? "0.00" : ms < 100 ? "0.0" : "0", CultureInfo.InvariantCulture);

    public static string Ratio(double ratio) => double.IsNaN(ratio) ? "–" : ratio.ToString(ratio < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + "×";

    public static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
