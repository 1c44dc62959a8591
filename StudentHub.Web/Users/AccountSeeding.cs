using StudentHub.Web.Database;

namespace StudentHub.Web.Users;

/// <summary>The <c>DemoAccounts</c> configuration section: one account per role, for the embedded/demo mode.</summary>
public sealed class DemoAccountOptions
{
    public const string Section = "DemoAccounts";

    /// <summary>Unset: created on the embedded database only.</summary>
    public bool? Enabled { get; set; }

    public List<DemoAccount> Accounts { get; set; } = [];
}

public sealed class DemoAccount
{
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = "";
    public List<string> Schools { get; set; } = [];
}

/// <summary>At start-up: makes sure the three roles exist and, in demo mode, the demo accounts, whose sign-ins it logs.</summary>
public sealed class AccountSeeding(IServiceScopeFactory scopeFactory, IConfiguration configuration, ILogger<AccountSeeding> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        await users.EnsureRolesAsync();

        var options = configuration.GetSection(DemoAccountOptions.Section).Get<DemoAccountOptions>() ?? new DemoAccountOptions();
        var isEmbedded = scope.ServiceProvider.GetService<EmbeddedDatabase>() is not null;
        if (!(options.Enabled ?? isEmbedded))
            return;

        foreach (var account in options.Accounts)
        {
            if (await users.FindByEmailAsync(account.Email) is null)
            {
                var result = await users.CreateAsync(account.Email, account.DisplayName, account.Role, account.Schools, account.Password);
                if (!result.Succeeded)
                {
                    logger.LogError("Could not create demo account {Email}: {Errors}", account.Email, string.Join(" ", result.Errors.Select(e => e.Description)));
                    continue;
                }
            }
            logger.LogInformation("Demo account: {Role} {Email} / {Password}{Schools}", account.Role, account.Email, account.Password,
                account.Schools.Count > 0 ? " (" + string.Join(", ", account.Schools) + ")" : "");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
