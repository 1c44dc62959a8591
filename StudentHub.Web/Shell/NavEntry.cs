using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
using StudentHub.Web.Components;
using StudentHub.Web.Security;

namespace StudentHub.Web.Shell;

/// <summary>A page in the navigation drawer.</summary>
/// <param name="Label">The key of its label in <c>NavMenu.resx</c> and <c>NavMenu.ko.resx</c>.</param>
/// <param name="Policy">The policy (<see cref="Policies"/>) that admits a user to the page; null admits every signed-in user.</param>
public sealed record NavEntry(string Href, string Icon, string Label, string? Policy, NavLinkMatch Match = NavLinkMatch.Prefix)
{
    /// <summary>The icon as MudNavLink draws it, built once for every circuit.</summary>
    public MarkupString DrawnIcon { get; } = IconMarkup.Of(Icon, "medium", "mud-icon-default mud-nav-link-icon mud-nav-link-icon-default");

    /// <summary>Whether the page at <paramref name="path"/> (<see cref="NavEntries.PagePath"/>) is this entry's, as NavLink matches it.</summary>
    public bool IsCurrent(string path) => Match == NavLinkMatch.All
        ? path.Equals(Href, StringComparison.OrdinalIgnoreCase)
        : path.Equals(Href, StringComparison.OrdinalIgnoreCase) || path.StartsWith(Href.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase);
}

public static class NavEntries
{
    /// <summary>
    /// Every page of the drawer, in order. A new page adds one line here and its label to <c>NavMenu.resx</c> and
    /// <c>NavMenu.ko.resx</c>; the drawer and the breadcrumbs pick it up, and each user sees it only if its policy
    /// admits them. The page itself still names the same policy: hiding a link is not protecting a page.
    /// </summary>
    public static readonly IReadOnlyList<NavEntry> All =
    [
        new("/", Icons.Material.Filled.Dashboard, "Overview", null, NavLinkMatch.All),
        new("/students", Icons.Material.Filled.School, "Students", Policies.ReadRecords),
        new("/interventions", Icons.Material.Filled.Flag, "Interventions", Policies.ReadRecords),
        new("/scheduler", Icons.Material.Filled.Schedule, "Scheduler", Policies.ManageScheduler),
        new("/activity", Icons.Material.Filled.Timeline, "RecentActivity", Policies.ReadRecords),
        new("/analytics", Icons.Material.Filled.Insights, "Analytics", Policies.ReadRecords),
        new("/admin/users", Icons.Material.Filled.ManageAccounts, "Users", Policies.Admin),
        new("/admin/ingest", Icons.Material.Filled.Input, "Ingest", Policies.Admin),
        new("/admin/audit", Icons.Material.Filled.History, "AuditTrail", Policies.Admin),
        new("/admin/database", Icons.Material.Filled.Storage, "Database", Policies.Admin),
    ];

    /// <summary>The entries whose pages <paramref name="user"/> may open; none for an anonymous visitor.</summary>
    public static async Task<IReadOnlyList<NavEntry>> VisibleToAsync(ClaimsPrincipal user, IAuthorizationService authorization)
    {
        if (user.Identity?.IsAuthenticated != true)
            return [];
        var visible = new List<NavEntry>();
        foreach (var entry in All)
        {
            if (entry.Policy is null || (await authorization.AuthorizeAsync(user, entry.Policy)).Succeeded)
                visible.Add(entry);
        }
        return visible;
    }

    /// <summary>The entry a page belongs to (<c>/admin/users/42</c> to Users), other than the home page; null for none.</summary>
    public static NavEntry? Containing(string path)
    {
        var page = PagePath(path);
        return All.Where(e => e.Href != "/" && e.IsCurrent(page)).MaxBy(e => e.Href.Length);
    }

    /// <summary>A base-relative address (<c>students/42/timeline?concept=원</c>) as the page's path: <c>/students/42/timeline</c>.</summary>
    public static string PagePath(string baseRelativeUri) => "/" + baseRelativeUri.Split('?', '#')[0].Trim('/');
}
