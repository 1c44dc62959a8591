namespace StudentHub.Web.Audit;

public static class AuditExtensions
{
    public static IServiceCollection AddAuditTrail(this IServiceCollection services) =>
        services
            .AddScoped<AuditTrail>()
            .AddScoped<AuditSearch>();
}
