using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Localization;
using StudentHub.Web.Scheduler;
using StudentHub.Web.Security;

namespace StudentHub.Tests.Scheduler;

/// <summary>The dashboard's services over a test database, as a signed-in user, at a clock the test holds.</summary>
internal static class SchedulerTestKit
{
    /// <summary>"Now" for the dashboard tests: 20 March 2026, 12:00 in Seoul.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 20, 3, 0, 0, TimeSpan.Zero);

    public static readonly ClaimsPrincipal Staff = Principal("staff-scheduler", "직원 박민지", Roles.Staff);

    public static ClaimsPrincipal Principal(string id, string name, params string[] roles) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));

    /// <summary>Runs <paramref name="operation"/> in a scope of its own as <paramref name="user"/>, with audited contexts.</summary>
    public static async Task<T> RunAsync<TService, T>(DatabaseFixture database, ClaimsPrincipal user, TimeProvider clock, Func<TService, Task<T>> operation)
        where TService : notnull
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
        var services = new ServiceCollection()
            .AddLogging()
            .AddHttpContextAccessor()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddScoped<CurrentUser>()
            .AddScoped<IDbContextFactory<StudentHubDbContext>>(sp => new AuditedContextFactory(database, sp.GetRequiredService<CurrentUser>()))
            .AddSingleton(clock)
            .AddSingleton(Options.Create(new SchedulerOptions()))
            .AddStudentHubLocalization()
            .AddScoped<ScheduledTaskDirectory>()
            .AddScoped<SchedulerCommands>()
            .AddScoped<ScheduleWords>()
            .AddSingleton(new TaskTypeRegistration("daily_report"))
            .AddSingleton(new TaskTypeRegistration("count"))
            .BuildServiceProvider(validateScopes: true);
        await using var _ = services;
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(user);
        return await operation(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static Task<SchedulerCommandResult> CommandAsync(DatabaseFixture database, TimeProvider clock, Func<SchedulerCommands, Task<SchedulerCommandResult>> command,
        ClaimsPrincipal? user = null) =>
        RunAsync(database, user ?? Staff, clock, command);

    /// <summary>Inserts a task and returns its id.</summary>
    public static async Task<Guid> AddTaskAsync(
        DatabaseFixture database, string type, ScheduleType schedule, DateTimeOffset? nextRun, TaskConfig? config = null, string? cron = null,
        ScheduledTaskStatus status = ScheduledTaskStatus.Active, Guid? studentId = null, DateTimeOffset? lastRun = null)
    {
        await using var db = database.CreateDbContext();
        var task = new ScheduledTask
        {
            TaskType = type, ScheduleType = schedule, CronExpression = cron, Config = config ?? new TaskConfig(), Status = status,
            NextRunAt = nextRun, StudentId = studentId, LastRunAt = lastRun,
        };
        db.ScheduledTasks.Add(task);
        await db.SaveChangesAsync();
        return task.Id;
    }

    public static async Task<Guid> AddStudentAsync(DatabaseFixture database, string name)
    {
        await using var db = database.CreateDbContext();
        var student = new Student { Name = name, SchoolId = "SCH001", Grade = 5 };
        db.Students.Add(student);
        await db.SaveChangesAsync();
        return student.Id;
    }

    public static async Task<ScheduledTask> ReadAsync(DatabaseFixture database, Guid id)
    {
        await using var db = database.CreateDbContext();
        return await db.ScheduledTasks.AsNoTracking().SingleAsync(t => t.Id == id);
    }

    private sealed class AuditedContextFactory(DatabaseFixture database, IAuditActor actor) : IDbContextFactory<StudentHubDbContext>
    {
        public StudentHubDbContext CreateDbContext() => database.CreateDbContext(actor);
    }
}
