using System.CommandLine;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Web.Security;

namespace StudentHub.Web.Ingest;

/// <summary>
/// <c>create-ingest-key --node N --name NAME [--read]</c>: how a node's deployment script gets its key. The key is
/// printed alone on the last line, so a script can take it with <c>tail -n 1</c>; it is never shown again.
/// </summary>
public static class IngestKeyCommands
{
    public static Command CreateIngestKey(IServiceProvider services)
    {
        var node = new Option<int>("--node") { Description = "The source node (1–6) whose events the key posts.", Required = true };
        var name = new Option<string>("--name") { Description = "What the key is for, shown on the Ingest page (such as the node's host).", Required = true };
        var read = new Option<bool>("--read") { Description = "Also let the key read students' events through the API." };
        var command = new Command("create-ingest-key", "Create an ingest key for a source node, print it on the last line and exit. It is shown only this once.")
        {
            node, name, read,
        };
        command.SetAction((parse, ct) => CreateAsync(services, parse.GetValue(node), parse.GetValue(name)!, parse.GetValue(read), ct));
        return command;
    }

    private static async Task<int> CreateAsync(IServiceProvider services, int node, string name, bool canRead, CancellationToken ct)
    {
        if (IngestKeys.Check(name, node) is { Count: > 0 } errors)
            return Fail(string.Join(Environment.NewLine, errors) + Environment.NewLine + "No key was created.");

        await using var scope = services.CreateAsyncScope();
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<StudentHubDbContext>>().CreateDbContextAsync(ct))
            if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
                return Fail("The database is not up to date: run the migrate command first, then create-ingest-key again.");

        // The audit trail and the key's "created by" name the operating-system account that ran the command.
        var actor = $"create-ingest-key ({Environment.UserName})";
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, actor)], authenticationType: "CommandLine")));
        var created = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync(name, node, canRead, actor, ct);

        Console.WriteLine(
            $"Created ingest key '{created.Record.Name}' for node {node}{(canRead ? ", with read access" : "")} ({created.Record.KeyPrefix}…). " +
            "Store it now: it is shown only this once.");
        Console.WriteLine(created.Key);
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
