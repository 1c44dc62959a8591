namespace StudentHub.Web.Database;

/// <summary>The <c>Database</c> section of configuration.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending migrations when the app starts; production may turn this off and run <c>migrate</c> itself.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Fill demo data on a start that finds no students. Unset: only on the embedded database.</summary>
    public bool? SeedDemoDataWhenEmpty { get; set; }

    public EmbeddedDatabaseOptions Embedded { get; set; } = new();
}

/// <summary>The local PostgreSQL the app runs itself when no <c>ConnectionStrings:StudentHub</c> is configured.</summary>
public sealed class EmbeddedDatabaseOptions
{
    /// <summary>Defaults to <c>StudentHub/postgres</c> under the user's local application data (<c>/var/lib/studenthub/postgres</c> for root).</summary>
    public string? DataDirectory { get; set; }

    public int Port { get; set; } = 55432;

    public string DatabaseName { get; set; } = "studenthub";

    public string ResolveDataDirectory()
    {
        if (!string.IsNullOrWhiteSpace(DataDirectory))
            return Path.GetFullPath(DataDirectory);
        // The server runs as the postgres user, which cannot enter root's home: root's data lives where services keep theirs.
        if (Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows())
            return "/var/lib/studenthub/postgres";
        return Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "StudentHub", "postgres");
    }
}
