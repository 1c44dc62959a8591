namespace StudentHub.Web.Interventions;

/// <summary>The <c>Interventions</c> section of configuration.</summary>
public sealed class InterventionOptions
{
    public const string Section = "Interventions";

    /// <summary>An active intervention with no step ticked for longer than this many days is marked "stalled".</summary>
    public int StalledAfterDays { get; set; } = 7;

    public TimeSpan StalledAfter => TimeSpan.FromDays(StalledAfterDays);
}
