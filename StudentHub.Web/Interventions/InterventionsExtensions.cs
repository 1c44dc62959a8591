using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace StudentHub.Web.Interventions;

public static class InterventionsExtensions
{
    public static IServiceCollection AddInterventions(this IServiceCollection services)
    {
        services.AddMastery();
        services.AddLifecycle();
        services.AddInterventionEditing();
        return services;
    }

    /// <summary>The list, the page's reads and the lifecycle's changes (<c>Interventions:StalledAfterDays</c>).</summary>
    private static IServiceCollection AddLifecycle(this IServiceCollection services)
    {
        services.AddOptions<InterventionOptions>().BindConfiguration(InterventionOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<InterventionDirectory>();
        services.AddScoped<InterventionLifecycle>();
        return services;
    }

    /// <summary>The mastery model (<c>Interventions:Mastery</c>) and the automatic-interventions job (<c>Interventions:Auto</c>).</summary>
    private static IServiceCollection AddMastery(this IServiceCollection services)
    {
        services.AddOptions<MasteryOptions>().BindConfiguration(MasteryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MasteryOptions>>(new Checked<MasteryOptions>(MasteryOptions.Section, o => o.Problem()));
        services.AddOptions<AutoInterventionOptions>().BindConfiguration(AutoInterventionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AutoInterventionOptions>>(new Checked<AutoInterventionOptions>(AutoInterventionOptions.Section, o => o.Problem()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<StudentMastery>();
        services.AddSingleton<AutoInterventions>();
        return services;
    }

    /// <summary>Fails start-up with the options' own message naming the value out of range.</summary>
    private sealed class Checked<T>(string section, Func<T, string?> problem) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            problem(options) is { } message ? ValidateOptionsResult.Fail($"{section}: {message}") : ValidateOptionsResult.Success;
    }
}
