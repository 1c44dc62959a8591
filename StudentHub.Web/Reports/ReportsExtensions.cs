using Microsoft.Extensions.Options;
using StudentHub.Web.Scheduler;

namespace StudentHub.Web.Reports;

public static class ReportsExtensions
{
    /// <summary>The <c>daily_report</c> task, its builder and the <c>Reports</c> section (<see cref="ReportOptions"/>).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportOptions>, Checked>();
        services.AddScoped<StudentReportBuilder>();
        services.AddScoped<StudentReportList>();
        services.AddTaskHandler<DailyReportTask>(DailyReportTask.TaskType);
        return services;
    }

    private sealed class Checked : IValidateOptions<ReportOptions>
    {
        public ValidateOptionsResult Validate(string? name, ReportOptions options) =>
            options.Problem() is { } message ? ValidateOptionsResult.Fail($"{ReportOptions.Section}: {message}") : ValidateOptionsResult.Success;
    }
}
