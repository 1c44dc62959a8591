using Microsoft.AspNetCore.Identity;

namespace StudentHub.Data.Entities;

/// <summary>A person who signs in: a teacher, a member of staff or an admin (the role decides).</summary>
public class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>"light" or "dark"; null follows the browser.</summary>
    public string? PreferredTheme { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The schools a teacher may read; staff and admins read every school.</summary>
    public List<UserSchool> Schools { get; set; } = [];
}

/// <summary>A teacher–school assignment.</summary>
public class UserSchool
{
    public string UserId { get; set; } = "";
    public string SchoolId { get; set; } = "";
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string Staff = "Staff";
    public const string Teacher = "Teacher";

    public static readonly IReadOnlyList<string> All = [Admin, Staff, Teacher];
}
