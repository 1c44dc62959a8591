namespace StudentHub.Web.Demo;

/// <summary>What <see cref="DemoDataSeeder.SeedAsync"/> wrote, and how long it took.</summary>
public sealed record DemoSeedSummary(int Schools, int Students, long Events, int Interventions, int ScheduledTasks, TimeSpan Elapsed);
