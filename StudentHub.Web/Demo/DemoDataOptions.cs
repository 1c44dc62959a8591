namespace StudentHub.Web.Demo;

/// <summary>How much demo data <see cref="DemoDataSeeder"/> makes.</summary>
/// <param name="Students">Students to create (spread over about one school per 250 students, at least three).</param>
/// <param name="EventsPerStudent">Learning events per student, over the past twelve months (a graduate's twelve months before graduation).</param>
/// <param name="RandomSeed">Same seed and counts, same data (times relative to the moment of seeding); null for different data each run.</param>
public sealed record DemoDataOptions(int Students = 1000, int EventsPerStudent = 200, int? RandomSeed = 20261124);
