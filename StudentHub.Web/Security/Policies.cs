using Microsoft.AspNetCore.Authorization;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Security;

/// <summary>
/// What each role may do. Every page and endpoint names one of these (or is anonymous on purpose); anything
/// that names none still requires a signed-in user, through the fallback policy.
/// </summary>
public static class Policies
{
    /// <summary>Read students, timelines and interventions (teachers: of their schools only).</summary>
    public const string ReadRecords = nameof(ReadRecords);

    /// <summary>The scheduler dashboard: pause, resume, run now, edit schedules.</summary>
    public const string ManageScheduler = nameof(ManageScheduler);

    /// <summary>Everything else that changes data: students, interventions, users, ingest keys, maintenance.</summary>
    public const string Admin = nameof(Admin);

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(ReadRecords, p => p.RequireRole(Roles.Teacher, Roles.Staff, Roles.Admin));
        options.AddPolicy(ManageScheduler, p => p.RequireRole(Roles.Staff, Roles.Admin));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
