using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Audit;
using StudentHub.Web.Localization;
using StudentHub.Web.Security;
using StudentHub.Web.Users;

namespace StudentHub.Tests.Users;

/// <summary>
/// The app's registrations for accounts and the audit trail, in Program.cs's order (security, localization, the
/// database, the audit trail, users), over the test class's database: the real Identity options, error describer
/// and audit interceptor, without a web host.
/// </summary>
public static class AccountServices
{
    public static IServiceCollection AddAccountServices(this IServiceCollection services, DatabaseFixture database)
    {
        services.AddLogging();
        services.AddStudentHubSecurity();
        services.AddStudentHubLocalization();
        // As AddStudentHubDatabase registers it: scoped, so each context's audit names the scope's acting user.
        services.AddDbContextFactory<StudentHubDbContext>(
            (sp, db) => db.UseStudentHub(database.DataSource).AddInterceptors(new AuditInterceptor(sp.GetRequiredService<IAuditActor>())),
            ServiceLifetime.Scoped);
        services.AddAuditTrail();
        services.AddUsers();
        return services;
    }
}
