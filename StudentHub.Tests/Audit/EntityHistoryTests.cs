using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Users;
using StudentHub.Web.Audit;

namespace StudentHub.Tests.Audit;

/// <summary>The history a record's page drops in: real changes through the audited DbContext, read back from the trail.</summary>
public class EntityHistoryTests(DatabaseFixture database) : AdminComponentTest(database), IClassFixture<DatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ShowsOneRecordsChanges_WithWhoAndWhen_NewestFirst()
    {
        var student = new Student { Name = "김민수", SchoolId = "SCH001", Grade = 7, ClassName = "2반" };
        await using (var db = Database.CreateDbContext(new Actor(Admin.Id, Admin.Email)))
        {
            db.Students.Add(student);
            await db.SaveChangesAsync();
            student.Name = "김민준";
            student.Grade = 8;
            await db.SaveChangesAsync();
            db.Students.Add(new Student { Name = "다른 학생", SchoolId = "SCH001", Grade = 7 });
            await db.SaveChangesAsync();
        }

        var history = Render<EntityHistory>(p => p
            .Add(h => h.EntityType, nameof(Student))
            .Add(h => h.EntityKey, student.Id.ToString()));

        history.WaitForAssertion(() => Assert.Equal(2, Entries(history).Count), Patience);
        var entries = Entries(history);
        Assert.Equal(["Changed", "Created"], entries.Select(e => Text(e, "[data-testid=audit-action]")));
        Assert.All(entries, e => Assert.Equal("관리자 김하늘", Text(e, "[data-testid=history-who]")));
        Assert.Equal(["name", "김민수", "김민준"], Cells(entries[0], "name"));
        Assert.Equal(["grade", "7", "8"], Cells(entries[0], "grade"));
        Assert.Null(entries[0].QuerySelector("tr[data-field=class_name]"));
        Assert.Equal(["class_name", "—", "2반"], Cells(entries[1], "class_name"));
        await using var check = Database.CreateDbContext();
        var changedAt = await check.AuditLogs
            .Where(a => a.EntityKey == student.Id.ToString() && a.Action == AuditActions.Update)
            .Select(a => a.OccurredAt).SingleAsync();
        var seoul = TimeZoneInfo.ConvertTime(changedAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul"));
        Assert.Equal(seoul.ToString("G", System.Globalization.CultureInfo.GetCultureInfo("en-US")), Text(entries[0], "[data-testid=history-when]"));
    }

    [Fact]
    public async Task NamesTheSystem_WhenNobodyActed_AndSaysWhenOnlyTheNewestAreShown()
    {
        var key = Guid.NewGuid().ToString();
        await using (var db = Database.CreateDbContext())
        {
            db.AuditLogs.AddRange(Enumerable.Range(0, 3).Select(i => new AuditLog
            {
                OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-i), Action = AuditActions.Update, EntityType = nameof(ScheduledTask), EntityKey = key,
            }));
            await db.SaveChangesAsync();
        }

        var history = Render<EntityHistory>(p => p
            .Add(h => h.EntityType, nameof(ScheduledTask))
            .Add(h => h.EntityKey, key)
            .Add(h => h.Limit, 2));

        history.WaitForAssertion(() => Assert.Equal(2, Entries(history).Count), Patience);
        Assert.All(Entries(history), e => Assert.Equal("System", Text(e, "[data-testid=history-who]")));
        Assert.Contains("The newest 2 entries", history.Markup);
    }

    [Fact]
    public void WithoutEntries_SaysSo()
    {
        var history = Render<EntityHistory>(p => p
            .Add(h => h.EntityType, nameof(Student))
            .Add(h => h.EntityKey, Guid.NewGuid().ToString()));

        history.WaitForAssertion(() => Assert.Contains("No changes recorded yet.", history.Markup), Patience);
    }

    private static IReadOnlyList<IElement> Entries(IRenderedComponent<EntityHistory> history) =>
        history.FindAll("[data-testid=history-entry]");

    private static string Text(IElement element, string selector) => element.QuerySelector(selector)!.TextContent.Trim();

    private static string[] Cells(IElement entry, string field) =>
        entry.QuerySelectorAll($"tr[data-field={field}] td").Select(td => td.TextContent.Trim()).ToArray();

    private sealed record Actor(string? UserId, string? UserName) : IAuditActor;
}
