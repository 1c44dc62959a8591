using Microsoft.EntityFrameworkCore;
using StudentHub.Data;

namespace StudentHub.Web.Shell;

/// <summary>What the app shell shows and remembers of the signed-in user.</summary>
/// <param name="Name">The display name, or the user name for an account without one.</param>
/// <param name="PrefersDarkTheme">The saved theme; null follows the browser's preference.</param>
public sealed record ShellProfile(string Name, bool? PrefersDarkTheme);

/// <summary>Reads the app bar's name and the theme of a user, and saves the theme they choose (in <c>users.preferred_theme</c>).</summary>
public sealed class ShellProfiles(IDbContextFactory<StudentHubDbContext> contextFactory)
{
    public const string LightTheme = "light";
    public const string DarkTheme = "dark";

    /// <summary>The user's profile; null if the account no longer exists.</summary>
    public async Task<ShellProfile?> LoadAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var user = await db.Users
            .Where(u => u.Id == userId)
            .Select(u => new { u.DisplayName, u.UserName, u.PreferredTheme })
            .SingleOrDefaultAsync(ct);
        if (user is null)
            return null;
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? "" : user.DisplayName;
        var prefersDark = user.PreferredTheme switch
        {
            DarkTheme => true,
            LightTheme => (bool?)false,
            _ => null,
        };
        return new ShellProfile(name, prefersDark);
    }

    /// <summary>Remembers the theme for the user's next visit, on any browser; the audit trail records the change.</summary>
    public async Task SaveThemeAsync(string userId, bool dark, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
            return;
        user.PreferredTheme = dark ? DarkTheme : LightTheme;
        await db.SaveChangesAsync(ct);
    }
}
