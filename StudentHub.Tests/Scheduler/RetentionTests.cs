using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.Scheduler;

/// <summary>Graduates of more than five years ago anonymized, their events kept; completed tasks older than a year deleted.</summary>
public sealed class RetentionTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task DryRun_CountsAndChangesNothing_ThenRun_AnonymizesOldGraduates_AndDeletesOldCompletedTasks()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var now = DateTimeOffset.UtcNow;
        var sixYears = await StudentAsync("육년 졸업", today.AddYears(-6));
        var twoYears = await StudentAsync("이년 졸업", today.AddYears(-2));
        var enrolled = await StudentAsync("재학생", null);
        Guid oldTask, ranLately, recent, activeOld;
        await using (var db = database.CreateDbContext())
        {
            ScheduledTask Task(ScheduledTaskStatus status, DateTimeOffset created, DateTimeOffset? lastRun) => new()
            {
                TaskType = "weekly_analytics", ScheduleType = ScheduleType.OneTime, Status = status, CreatedAt = created, LastRunAt = lastRun,
            };
            var tasks = new[]
            {
                Task(ScheduledTaskStatus.Completed, now.AddYears(-2), now.AddDays(-400)),
                // Made two years ago, last run a month ago: its age is its last run, so it stays.
                Task(ScheduledTaskStatus.Completed, now.AddYears(-2), now.AddDays(-30)),
                Task(ScheduledTaskStatus.Completed, now.AddDays(-10), now.AddDays(-9)),
                Task(ScheduledTaskStatus.Paused, now.AddYears(-3), now.AddYears(-3)),
            };
            db.ScheduledTasks.AddRange(tasks);
            await db.SaveChangesAsync();
            (oldTask, ranLately, recent, activeOld) = (tasks[0].Id, tasks[1].Id, tasks[2].Id, tasks[3].Id);
        }
        var retention = new Retention(database.ContextFactory(), TimeProvider.System);

        var plan = await retention.PlanAsync();

        Assert.Equal(new RetentionReport(1, 1), plan);
        Assert.Equal("육년 졸업", (await StoredAsync(sixYears)).Name);
        await using (var db = database.CreateDbContext())
            Assert.Equal(4, await db.ScheduledTasks.CountAsync());

        var done = await retention.RunAsync();

        Assert.Equal(plan, done);
        var anonymized = await StoredAsync(sixYears);
        Assert.Equal("ANONYMIZED_" + sixYears, anonymized.Name);
        Assert.Null(anonymized.Email);
        Assert.Null(anonymized.ParentContact);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(database.ConnectionString,
            "SELECT count(*) FROM jsonb_object_keys((SELECT metadata FROM students WHERE id = $1))", sixYears));
        foreach (var (id, name) in new[] { (twoYears, "이년 졸업"), (enrolled, "재학생") })
        {
            var kept = await StoredAsync(id);
            Assert.Equal(name, kept.Name);
            Assert.Equal(name + "@school.kr", kept.Email);
            Assert.Equal("010-0000-0000", kept.ParentContact);
        }
        foreach (var id in new[] { sixYears, twoYears, enrolled })
            Assert.Equal(1L, await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM learning_history WHERE student_id = $1", id));

        await using (var db = database.CreateDbContext())
        {
            var left = await db.ScheduledTasks.Select(t => t.Id).ToListAsync();
            Assert.DoesNotContain(oldTask, left);
            Assert.Contains(ranLately, left);
            Assert.Contains(recent, left);
            Assert.Contains(activeOld, left);
            var audit = await db.AuditLogs.SingleAsync(a => a.Action == Retention.AuditAction);
            Assert.Equal(Retention.ActorName, audit.UserName);
            Assert.Equal(1, audit.Details!["students_anonymized"].GetInt32());
        }

        Assert.Equal(new RetentionReport(0, 0), await retention.PlanAsync());
        Assert.Equal(new RetentionReport(0, 0), await retention.RunAsync());
    }

    private async Task<Guid> StudentAsync(string name, DateOnly? graduatedAt)
    {
        var id = await Sql.ScalarAsync<Guid>(database.ConnectionString, """
            INSERT INTO students (name, school_id, grade, email, parent_contact, metadata, graduated_at, created_at)
            VALUES ($1, 'SCH001', 12, $1 || '@school.kr', '010-0000-0000', '{"hobby": "바둑"}', $2, now() - interval '10 years')
            RETURNING id
            """, name, (object?)graduatedAt ?? DBNull.Value);
        await Sql.ExecuteAsync(database.ConnectionString, $"""
            INSERT INTO learning_history (student_id, event_type, source_node, content, occurred_at)
            VALUES ('{id}', 'study', 1, '{"{}"}', now())
            """);
        return id;
    }

    private async Task<Student> StoredAsync(Guid id)
    {
        await using var db = database.CreateDbContext();
        return await db.Students.AsNoTracking().SingleAsync(s => s.Id == id);
    }
}
