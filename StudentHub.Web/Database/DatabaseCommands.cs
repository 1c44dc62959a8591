using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Web.Demo;

namespace StudentHub.Web.Database;

/// <summary><c>migrate</c> and <c>seed-demo</c>: both use the app's configuration, so <c>ConnectionStrings__StudentHub</c> decides the database.</summary>
public static class DatabaseCommands
{
    public static IEnumerable<Command> Create(IServiceProvider services)
    {
        var migrate = new Command("migrate", "Apply pending database migrations and exit.");
        migrate.SetAction(async (_, ct) =>
        {
            await MigrateAsync(services, ct);
            return 0;
        });

        var students = new Option<int>("--students") { Description = "How many students to create.", DefaultValueFactory = _ => new DemoDataOptions().Students };
        var eventsPerStudent = new Option<int>("--events-per-student") { Description = "Learning events per student, over the past year.", DefaultValueFactory = _ => new DemoDataOptions().EventsPerStudent };
        var seed = new Command("seed-demo", "Apply migrations, then fill the database with demo data and exit.") { students, eventsPerStudent };
        seed.SetAction(async (parse, ct) =>
        {
            // Checked here rather than in a command validator, which sees 0 for an option left at its default.
            if (parse.GetValue(students) < 1 || parse.GetValue(eventsPerStudent) < 0)
            {
                await Console.Error.WriteLineAsync("--students must be at least 1 and --events-per-student cannot be negative.");
                return 1;
            }
            await MigrateAsync(services, ct);
            var seeder = services.GetRequiredService<DemoDataSeeder>();
            var options = new DemoDataOptions(parse.GetValue(students), parse.GetValue(eventsPerStudent));
            DemoSeedSummary summary;
            try
            {
                summary = await seeder.SeedAsync(options, ct);
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
            Console.WriteLine(
                $"Seeded {summary.Students:N0} students in {summary.Schools} schools, {summary.Events:N0} learning events, " +
                $"{summary.Interventions:N0} interventions and {summary.ScheduledTasks:N0} scheduled tasks in {summary.Elapsed:g}.");
            return 0;
        });

        return [migrate, seed];
    }

    private static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<StudentHubDbContext>>().CreateDbContextAsync(ct);
        await DatabaseStartup.MigrateAsync(db, services.GetRequiredService<ILogger<StudentHubDbContext>>(), ct);
        Console.WriteLine("The database is up to date.");
    }
}
