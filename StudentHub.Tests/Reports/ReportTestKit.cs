using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Scheduler;
using StudentHub.Web.Interventions;
using StudentHub.Web.Reports;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.Reports;

/// <summary>The report builder and task over a test database, at a clock the test holds, and the rows they read.</summary>
internal static class ReportTestKit
{
    /// <summary>"Now" for the report tests: 20 March 2026, 12:00 in Seoul.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 20, 3, 0, 0, TimeSpan.Zero);

    public static StudentReportBuilder Builder(DatabaseFixture database, TimeProvider clock)
    {
        var factory = database.ContextFactory();
        var interventionOptions = new ServiceCollection().AddOptions().BuildServiceProvider().GetRequiredService<IOptionsMonitor<InterventionOptions>>();
        return new StudentReportBuilder(factory, new StudentMastery(factory, Options.Create(new MasteryOptions()), clock), interventionOptions);
    }

    public static DailyReportTask Task(DatabaseFixture database, TimeProvider clock, int keepDays = 90) =>
        new(database.ContextFactory(), Builder(database, clock), Options.Create(new ReportOptions { KeepDays = keepDays }),
            Options.Create(new SchedulerOptions()), clock, NullLogger<DailyReportTask>.Instance);

    private static int _number;

    /// <summary>A student of grade 6, 3반, with a number of their own (the four make students_unique_identifier).</summary>
    public static Student NewStudent(string name, string school = "RPT-A", DateOnly? graduatedAt = null) =>
        new() { Name = name, SchoolId = school, Grade = 6, ClassName = "3반", StudentNumber = Interlocked.Increment(ref _number).ToString("00"), GraduatedAt = graduatedAt };

    public static LearningEvent Event(Student student, EventType type, DateTimeOffset at, string? concept = null, string? result = null, int? seconds = null) => new()
    {
        Student = student,
        EventType = type,
        SourceNode = 1,
        OccurredAt = at,
        Content = new EventContent { Concept = concept, Result = result, TimeSpent = seconds },
    };

    /// <summary>A task and a running run of it, as the dispatcher claims one: the context a handler is given.</summary>
    public static async Task<TaskRunContext> RunAsync(DatabaseFixture database, Guid? studentId, TaskConfig? config = null)
    {
        await using var db = database.CreateDbContext();
        var task = new ScheduledTask
        {
            TaskType = DailyReportTask.TaskType, ScheduleType = ScheduleType.Cron, CronExpression = "0 7 * * *", StudentId = studentId,
            Config = config ?? new TaskConfig(),
        };
        var run = new TaskRun { Id = Guid.CreateVersion7(), ScheduledTask = task, ScheduledFor = Now, StartedAt = Now, Outcome = TaskRunOutcome.Running, Attempt = 1, Instance = "test" };
        db.ScheduledTasks.Add(task);
        db.TaskRuns.Add(run);
        await db.SaveChangesAsync();
        return new TaskRunContext(task, run.Id, Now, 1);
    }

    public static StudentReport Report(Guid studentId, DateTimeOffset createdAt, string format = "html", string fileName = "report.html") => new()
    {
        Id = Guid.CreateVersion7(),
        StudentId = studentId,
        Format = format,
        FileName = fileName,
        ContentType = format == "pdf" ? PdfReportRenderer.ContentType : HtmlReportRenderer.ContentType,
        Content = "<p>report</p>"u8.ToArray(),
        SizeBytes = 13,
        PeriodEnd = createdAt,
        CreatedAt = createdAt,
    };
}
