using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Interventions;

/// <summary>
/// <c>auto-interventions [--dry-run]</c>: one run of the <see cref="AutoInterventions"/> job from a shell, its summary
/// printed on the last line; <c>--dry-run</c> lists each intervention it would create and writes nothing.
/// </summary>
public static class AutoInterventionCommands
{
    public static Command Create(IServiceProvider services)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "List the interventions a run would create, and write nothing." };
        var command = new Command("auto-interventions",
            "Create an automatic intervention for each student with concepts below the mastery target, print a summary and exit.")
        {
            dryRun,
        };
        command.SetAction((parse, ct) => RunAsync(services, parse.GetValue(dryRun), ct));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, bool dryRun, CancellationToken ct)
    {
        await using (var scope = services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<StudentHubDbContext>>().CreateDbContextAsync(ct))
        {
            if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
            {
                await Console.Error.WriteLineAsync("The database is not up to date: run the migrate command first, then auto-interventions again.");
                return 1;
            }
        }

        var summary = await services.GetRequiredService<AutoInterventions>().RunAsync(dryRun, dryRun ? Print : null, ct);
        Console.WriteLine(dryRun
            ? $"Dry run: {summary.StudentsScanned:N0} students scanned; {summary.InterventionsCreated:N0} auto interventions " +
              $"for {summary.Concepts:N0} concepts would be created. Nothing was written."
            : $"{summary.StudentsScanned:N0} students scanned; {summary.InterventionsCreated:N0} auto interventions created for {summary.Concepts:N0} concepts.");
        return 0;
    }

    private static void Print(Intervention intervention) =>
        Console.WriteLine($"{intervention.StudentId}: " + string.Join(", ", intervention.Evidence!.Concepts.Select(c =>
            $"{c.Concept} {c.Mastery:P0} of {c.Target:P0} ({c.Attempts} attempts)")));
}
