using System.CommandLine;
using StudentHub.Web.Database;
using StudentHub.Web.Ingest;
using StudentHub.Web.Interventions;
using StudentHub.Web.Users;

namespace StudentHub.Web;

/// <summary>
/// The web app's administrative commands (<c>dotnet run --project StudentHub.Web -- migrate</c>): the first
/// argument names one; without one, or with an option first (<c>--urls …</c>), the app serves the web UI.
/// </summary>
public static class Commands
{
    public static bool AreRequested(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var root = new RootCommand("Student Hub administrative commands.");
        foreach (var command in DatabaseCommands.Create(app.Services))
            root.Subcommands.Add(command);
        root.Subcommands.Add(UserCommands.CreateUser(app.Services));
        root.Subcommands.Add(IngestKeyCommands.CreateIngestKey(app.Services));
        root.Subcommands.Add(AutoInterventionCommands.Create(app.Services));
        try
        {
            return await root.Parse(args).InvokeAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
