using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Demo;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.Reports;

/// <summary>The demo's per-student <c>daily_report</c> task (the design document's example) runs with the app's own handler.</summary>
public sealed class DemoDailyReportTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task TheDemosDailyReportTask_MakesAKoreanPdf()
    {
        await using (var dataSource = NpgsqlDataSource.Create(database.ConnectionString))
            await new DemoDataSeeder(dataSource, NullLogger<DemoDataSeeder>.Instance).SeedAsync(new DemoDataOptions(Students: 30, EventsPerStudent: 60, RandomSeed: 7));
        await using var factory = new StudentHubWebFactory(database);
        TaskRunContext run;
        await using (var db = database.CreateDbContext())
        {
            var task = await db.ScheduledTasks.AsNoTracking().SingleAsync(t => t.TaskType == "daily_report");
            var taskRun = new TaskRun { Id = Guid.CreateVersion7(), TaskId = task.Id, ScheduledFor = DateTimeOffset.UtcNow, StartedAt = DateTimeOffset.UtcNow, Instance = "test", Attempt = 1 };
            db.TaskRuns.Add(taskRun);
            await db.SaveChangesAsync();
            run = new TaskRunContext(task, taskRun.Id, taskRun.ScheduledFor, 1);
        }
        await using var scope = factory.Services.CreateAsyncScope();

        var output = (await scope.ServiceProvider.GetRequiredKeyedService<ITaskHandler>("daily_report").RunAsync(run, CancellationToken.None))!;

        await using var check = database.CreateDbContext();
        var report = await check.StudentReports.SingleAsync(r => r.Id == output["report_id"].GetGuid());
        Assert.Equal((run.Task.StudentId, (Guid?)run.RunId, "pdf"), ((Guid?)report.StudentId, report.TaskRunId, report.Format));
        Assert.Equal("%PDF", Encoding.ASCII.GetString(report.Content, 0, 4));
        Assert.StartsWith(await check.Students.Where(s => s.Id == report.StudentId).Select(s => s.Name).SingleAsync(), report.FileName);
    }
}
