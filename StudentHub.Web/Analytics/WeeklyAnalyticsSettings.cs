using System.Text.Json;
using StudentHub.Data.Entities;
using StudentHub.Web.Scheduler;

namespace StudentHub.Web.Analytics;

/// <summary>A <c>weekly_analytics</c> task's config that cannot be run: an unknown metric, a malformed scope or look-back.</summary>
public sealed class InvalidAnalyticsConfigException(string message) : Exception(message);

/// <summary>
/// What a <c>weekly_analytics</c> run computes, read from the task's config:
/// <c>timezone</c> (weeks start Monday midnight there; else the scheduler's default zone),
/// <c>scope</c> (<c>"all_schools"</c>, the default, or one school id),
/// <c>metrics</c> (<c>"engagement"</c> and/or <c>"performance"</c>; missing or empty means both, as the built-in task has none),
/// <c>lookback_weeks</c> (how many finished weeks the first run computes; default <see cref="DefaultLookbackWeeks"/>).
/// </summary>
/// <param name="SchoolId">The one school computed; null for every school.</param>
public sealed record WeeklyAnalyticsSettings(TimeZoneInfo Zone, string? SchoolId, bool Engagement, bool Performance, int LookbackWeeks)
{
    public const string AllSchools = "all_schools";
    public const string EngagementMetric = "engagement";
    public const string PerformanceMetric = "performance";
    public const string LookbackKey = "lookback_weeks";
    public const int DefaultLookbackWeeks = 12;

    /// <summary>About ten years: a look-back beyond it is a typo, and would read every partition.</summary>
    public const int MaxLookbackWeeks = 520;

    /// <summary>The settings of <paramref name="config"/>; throws <see cref="InvalidAnalyticsConfigException"/> saying what is wrong.</summary>
    public static WeeklyAnalyticsSettings From(TaskConfig config, string? defaultTimeZone)
    {
        TimeZoneInfo zone;
        try
        {
            zone = NextRun.ZoneOf(config, defaultTimeZone);
        }
        catch (InvalidScheduleException e)
        {
            throw new InvalidAnalyticsConfigException(e.Message);
        }

        var metrics = config.Metrics ?? [];
        var unknown = metrics.Where(m => m is not (EngagementMetric or PerformanceMetric)).ToList();
        if (unknown.Count > 0)
            throw new InvalidAnalyticsConfigException(
                $"Unknown metric(s) {string.Join(", ", unknown.Select(m => $"'{m}'"))} in config.metrics: use \"{EngagementMetric}\" and/or \"{PerformanceMetric}\".");
        var both = metrics.Count == 0;

        var scope = config.Scope?.Trim();
        if (scope is { Length: > 50 })
            throw new InvalidAnalyticsConfigException($"config.scope is \"{AllSchools}\" or one school id (at most 50 characters).");
        var school = string.IsNullOrEmpty(scope) || scope == AllSchools ? null : scope;

        var lookback = DefaultLookbackWeeks;
        if (config.Other?.TryGetValue(LookbackKey, out var value) == true
            && !(value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out lookback) && lookback is >= 1 and <= MaxLookbackWeeks))
            throw new InvalidAnalyticsConfigException($"config.{LookbackKey} must be a whole number of weeks from 1 to {MaxLookbackWeeks}.");

        return new WeeklyAnalyticsSettings(zone, school, both || metrics.Contains(EngagementMetric), both || metrics.Contains(PerformanceMetric), lookback);
    }

    /// <summary>What is wrong with <paramref name="config"/> for a <c>weekly_analytics</c> task, or null when it can run.</summary>
    public static string? Problem(TaskConfig config, string? defaultTimeZone)
    {
        try
        {
            From(config, defaultTimeZone);
            return null;
        }
        catch (InvalidAnalyticsConfigException e)
        {
            return e.Message;
        }
    }
}
