namespace StudentHub.Web.Security;

/// <summary>Where the app may send a browser back to after sign-in or a language switch: a path on this site, never an open redirect.</summary>
public static class LocalUrls
{
    // "//evil.example" and "/\evil.example" name other hosts even though they start with a slash.
    private static bool IsLocalPath(string? url) =>
        url is ['/', ..] && !url.StartsWith("//") && !url.StartsWith("/\\") && Uri.IsWellFormedUriString(url, UriKind.Relative);

    public static string LocalOrHome(string? url) => IsLocalPath(url) ? url! : "/";
}
