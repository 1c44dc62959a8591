using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Interventions;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.Scheduler;

/// <summary>The executor as the app wires it: Coravel's heartbeat, the dispatcher and the built-in handlers.</summary>
public sealed class SchedulerHostTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Heartbeat_RunsADueAutoInterventionsTask_WhenTheSchedulerIsOn()
    {
        Guid task;
        await using (var db = database.CreateDbContext())
        {
            var scheduled = new ScheduledTask
            {
                TaskType = AutoInterventions.TaskType, ScheduleType = ScheduleType.OneTime, NextRunAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            };
            db.ScheduledTasks.Add(scheduled);
            await db.SaveChangesAsync();
            task = scheduled.Id;
        }

        await using var factory = new StudentHubWebFactory(database).WithWebHostBuilder(b => b
            .UseSetting("Scheduler:Enabled", "true")
            .UseSetting("Scheduler:BeatSeconds", "1"));
        _ = factory.Services; // starts the host, and with it the heartbeat

        TaskRun? run = null;
        for (var waited = 0; waited < 30 && run?.Outcome is null or TaskRunOutcome.Running; waited++)
        {
            await Task.Delay(500);
            await using var db = database.CreateDbContext();
            run = await db.TaskRuns.SingleOrDefaultAsync(r => r.TaskId == task);
        }

        Assert.NotNull(run);
        Assert.Equal(TaskRunOutcome.Succeeded, run.Outcome);
        Assert.Equal(0, run.Output!["interventions_created"].GetInt32());
        await using var check = database.CreateDbContext();
        Assert.Equal(ScheduledTaskStatus.Completed, (await check.ScheduledTasks.SingleAsync(t => t.Id == task)).Status);
    }

    [Fact]
    public async Task TestApps_RunNoTasks_AndKnowTheBuiltInHandlers()
    {
        await using var factory = new StudentHubWebFactory(database);
        await using var scope = factory.Services.CreateAsyncScope();

        Assert.IsType<AutoInterventionsTask>(scope.ServiceProvider.GetRequiredKeyedService<ITaskHandler>(AutoInterventions.TaskType));
        Assert.False(scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SchedulerOptions>>().Value.Enabled);
    }
}
