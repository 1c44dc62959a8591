using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Audit;
using StudentHub.Web.Interventions;
using StudentHub.Web.Localization;
using StudentHub.Web.Security;

namespace StudentHub.Tests.Interventions;

/// <summary>The interventions services as the app makes them, for one user, over a test class's database.</summary>
internal static class InterventionTestKit
{
    /// <summary>"Now" for every interventions test: 20 March 2026, 12:00 in Seoul.</summary>
    public static readonly DateTimeOffset Now = At("2026-03-20T03:00:00Z");

    public static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs <paramref name="operation"/> in a scope of its own as <paramref name="user"/>: audited contexts (with
    /// <paramref name="meanwhile"/> hooked in, if given), the clock, and configuration from <paramref name="settings"/>.
    /// </summary>
    public static async Task<T> RunAsync<TService, T>(
        DatabaseFixture database,
        ClaimsPrincipal user,
        TimeProvider clock,
        Func<TService, Task<T>> operation,
        Dictionary<string, string?>? settings = null,
        SaveChangesInterceptor? meanwhile = null)
        where TService : notnull
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddHttpContextAccessor()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build())
            .AddScoped<CurrentUser>()
            .AddScoped<SchoolScope>()
            .AddScoped<IDbContextFactory<StudentHubDbContext>>(sp => new AuditedContextFactory(database, sp.GetRequiredService<CurrentUser>(), meanwhile))
            .AddSingleton(clock)
            .AddStudentHubLocalization()
            .AddScoped<AuditSearch>()
            .AddInterventions()
            .BuildServiceProvider(validateScopes: true);
        await using var _ = services;
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(user);
        return await operation(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static ClaimsPrincipal Principal(string id, string name, params string[] roles) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));

    /// <summary>A path of <paramref name="steps"/> steps, the first <paramref name="done"/> of them ticked on 10 March.</summary>
    public static List<LearningPathStep> Path(int steps, int done = 0) =>
        Enumerable.Range(1, steps).Select(n => new LearningPathStep
        {
            Step = n,
            Activity = n % 2 == 1 ? "review_concept" : "practice",
            Concept = n % 2 == 1 ? "분수의 덧셈" : null,
            ProblemSetId = n % 2 == 1 ? null : $"PS_{n:D3}",
            NumProblems = n % 2 == 1 ? null : 10,
            EstimatedDuration = 1800,
            CompletedAt = n <= done ? At("2026-03-10T00:00:00Z") : null,
        }).ToList();

    private sealed class AuditedContextFactory(DatabaseFixture database, IAuditActor actor, SaveChangesInterceptor? meanwhile) : IDbContextFactory<StudentHubDbContext>
    {
        public StudentHubDbContext CreateDbContext()
        {
            var options = new DbContextOptionsBuilder<StudentHubDbContext>().UseStudentHub(database.DataSource).AddInterceptors(new AuditInterceptor(actor));
            if (meanwhile is not null)
                options.AddInterceptors(meanwhile);
            return new StudentHubDbContext(((DbContextOptionsBuilder<StudentHubDbContext>)options).Options);
        }
    }
}
