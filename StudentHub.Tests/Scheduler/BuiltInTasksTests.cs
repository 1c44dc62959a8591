using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Analytics;
using StudentHub.Web.Interventions;
using StudentHub.Web.Reports;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.Scheduler;

/// <summary>The hub's own recurring work is a global task staff can see and pause, made once and then left to them.</summary>
public sealed class BuiltInTasksTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private StudentHubWebFactory _factory = default!;

    public Task InitializeAsync()
    {
        _factory = new StudentHubWebFactory(database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task EveryBuiltIn_HasAHandler()
    {
        await using var scope = _factory.Services.CreateAsyncScope();

        foreach (var builtIn in BuiltInTasks.All)
            Assert.NotNull(scope.ServiceProvider.GetRequiredKeyedService<ITaskHandler>(builtIn.TaskType));
    }

    [Fact]
    public async Task AutoInterventions_IsMadeOnce_Nightly_InSeoul_AndAPauseStands()
    {
        var builtIns = _factory.Services.GetRequiredService<BuiltInTasks>();

        var made = await builtIns.EnsureAsync(CancellationToken.None);

        Assert.Equal(
            [AutoInterventions.TaskType, DailyReportTask.TaskType, DatabaseBackup.TaskType, PartitionMaintenance.TaskType, Retention.TaskType, WeeklyAnalyticsTask.TaskType],
            made.Select(t => t.TaskType).Order());
        Assert.Equal(BuiltInTasks.All.Count, made.Count);
        var task = made.Single(t => t.TaskType == AutoInterventions.TaskType);
        await using (var db = database.CreateDbContext())
        {
            var stored = await db.ScheduledTasks.SingleAsync(t => t.TaskType == AutoInterventions.TaskType && t.StudentId == null);
            Assert.Equal(task.Id, stored.Id);
            Assert.Equal(ScheduleType.Cron, stored.ScheduleType);
            Assert.Equal("0 3 * * *", stored.CronExpression);
            Assert.Equal("Asia/Seoul", stored.Config.TimeZone);
            Assert.Equal(ScheduledTaskStatus.Active, stored.Status);
            // 03:00 in Seoul is 18:00 UTC the day before, within a day from now.
            Assert.Equal(new TimeSpan(18, 0, 0), stored.NextRunAt!.Value.UtcDateTime.TimeOfDay);
            Assert.InRange(stored.NextRunAt.Value - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromDays(1));
            Assert.True(await db.AuditLogs.AnyAsync(a => a.EntityKey == stored.Id.ToString() && a.UserName == BuiltInTasks.ActorName));

            stored.Status = ScheduledTaskStatus.Paused;
            await db.SaveChangesAsync();
        }

        Assert.Empty(await builtIns.EnsureAsync(CancellationToken.None));
        await using var check = database.CreateDbContext();
        var only = await check.ScheduledTasks.SingleAsync(t => t.TaskType == AutoInterventions.TaskType);
        Assert.Equal(ScheduledTaskStatus.Paused, only.Status);
    }
}
