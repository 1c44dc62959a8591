using System.Globalization;
using System.Resources;

namespace StudentHub.Web.Users;

/// <summary>A role's name in the reader's language (<c>RoleLabels.resx</c>), for the Users page and its dialogs.</summary>
public static class RoleLabels
{
    private static readonly ResourceManager Resources = new(typeof(RoleLabels).FullName!, typeof(RoleLabels).Assembly);

    public static string Of(string? role) =>
        role is null ? "—" : Resources.GetString(role, CultureInfo.CurrentUICulture) ?? role;
}
