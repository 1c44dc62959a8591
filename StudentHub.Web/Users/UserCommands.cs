using System.CommandLine;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Security;

namespace StudentHub.Web.Users;

/// <summary>
/// <c>create-user</c>: how a production database gets its first admin, and how a script adds accounts. The password
/// comes from <see cref="PasswordVariable"/> when set, else from a prompt, never from the command line (which
/// shells keep in their history and other users see in the process list).
/// </summary>
public static class UserCommands
{
    public const string PasswordVariable = "STUDENTHUB_PASSWORD";

    public static Command CreateUser(IServiceProvider services)
    {
        var email = new Option<string>("--email") { Description = "The email address, which is also the sign-in name.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}.", Required = true };
        var schools = new Option<string[]>("--school") { Description = "A school the teacher is assigned to; repeat it for several. Staff and admins have none." };
        var name = new Option<string?>("--name") { Description = "The name the app shows; the email address when left out." };
        var command = new Command("create-user", $"Create an account and exit. The password comes from {PasswordVariable} when set, else from a prompt.")
        {
            email, role, schools, name,
        };
        command.SetAction((parse, ct) => CreateUserAsync(
            services,
            parse.GetValue(email)!,
            // Roles are matched regardless of case: --role admin means Admin.
            Roles.All.FirstOrDefault(r => r.Equals(parse.GetValue(role), StringComparison.OrdinalIgnoreCase)) ?? parse.GetValue(role)!,
            parse.GetValue(schools) ?? [],
            parse.GetValue(name),
            ct));
        return command;
    }

    private static async Task<int> CreateUserAsync(
        IServiceProvider services, string email, string role, string[] schools, string? name, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudentHubDbContext>();
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
            return Fail("The database is not up to date: run the migrate command first, then create-user again.");

        // The audit trail records who made the account: the operating-system account that ran the command.
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"create-user ({Environment.UserName})")], authenticationType: "CommandLine")));
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();

        // What can be checked without a password is checked before asking for one.
        var check = accounts.CheckRoleAndSchools(role, schools);
        if (!check.Succeeded)
            return Fail(check);
        if (await accounts.FindByEmailAsync(email) is not null)
            return Fail(IdentityResult.Failed(scope.ServiceProvider.GetRequiredService<IdentityErrorDescriber>().DuplicateEmail(email)));
        if (ReadPassword() is not { } password)
            return 1;

        var result = await accounts.CreateAsync(email, name ?? "", role, schools, password);
        if (!result.Succeeded)
            return Fail(result);

        var user = (await accounts.FindByEmailAsync(email))!;
        Console.WriteLine(
            $"Created {role} {user.Email} ({user.DisplayName})" +
            (schools.Length > 0 ? $" for {string.Join(", ", schools.Distinct())}" : "") + ".");
        return 0;
    }

    private static string? ReadPassword()
    {
        if (Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } fromEnvironment)
            return fromEnvironment;
        if (Console.IsInputRedirected)
        {
            Console.Error.WriteLine($"No password: set {PasswordVariable}, or run create-user in a terminal to type one. Nothing was created.");
            return null;
        }
        var password = Prompt("Password: ");
        if (Prompt("Password again: ") != password)
        {
            Console.Error.WriteLine("The two passwords differ. Nothing was created.");
            return null;
        }
        return password;
    }

    // Reads a line without echoing it, so the password is not left on the screen.
    private static string Prompt(string label)
    {
        Console.Write(label);
        var typed = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
                typed.Length = Math.Max(0, typed.Length - 1);
            else if (!char.IsControl(key.KeyChar))
                typed.Append(key.KeyChar);
        }
        Console.WriteLine();
        return typed.ToString();
    }

    private static int Fail(IdentityResult result) =>
        Fail(string.Join(Environment.NewLine, result.Errors.Select(e => e.Description).Distinct()) + Environment.NewLine + "Nothing was created.");

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
