using Microsoft.EntityFrameworkCore;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Scheduler;
using static StudentHub.Tests.Reports.ReportTestKit;

namespace StudentHub.Tests.Reports;

/// <summary>A report holds the student's name: anonymizing the student deletes their reports, and only theirs.</summary>
public sealed class ReportRetentionTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Anonymizing_DeletesTheStudentsReports()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var longGone = NewStudent("육년 졸업", graduatedAt: today.AddYears(-6));
        var recent = NewStudent("이년 졸업", graduatedAt: today.AddYears(-2));
        await using (var db = database.CreateDbContext())
        {
            db.Students.AddRange(longGone, recent);
            await db.SaveChangesAsync();
            db.StudentReports.AddRange(Report(longGone.Id, Now), Report(longGone.Id, Now.AddDays(1)), Report(recent.Id, Now));
            await db.SaveChangesAsync();
        }

        var done = await new Retention(database.ContextFactory(), TimeProvider.System).RunAsync();

        Assert.Equal(1, done.StudentsAnonymized);
        await using var check = database.CreateDbContext();
        Assert.False(await check.StudentReports.AnyAsync(r => r.StudentId == longGone.Id));
        Assert.Equal(1, await check.StudentReports.CountAsync(r => r.StudentId == recent.Id));
    }
}
