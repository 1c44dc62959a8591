using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Users;
using StudentHub.Web.Audit;
using StudentHub.Web.Users;

namespace StudentHub.Tests.Audit;

/// <summary>Searching the audit trail. Each test writes rows under an entity key of its own, so tests share the database.</summary>
public class AuditSearchTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 3, 0, 0, TimeSpan.Zero);
    private readonly ServiceProvider _services = new ServiceCollection().AddAccountServices(database).BuildServiceProvider();
    private readonly string _key = Guid.NewGuid().ToString();

    [Fact]
    public async Task Search_IsNewestFirst_AndPages()
    {
        await AddAsync(Row(Noon.AddMinutes(1), AuditActions.Update), Row(Noon, AuditActions.Create), Row(Noon.AddMinutes(2), AuditActions.Delete));

        var first = await SearchAsync(new AuditFilter(EntityKey: _key), page: 0, pageSize: 2);
        var second = await SearchAsync(new AuditFilter(EntityKey: _key), page: 1, pageSize: 2);

        Assert.Equal(3, first.Total);
        Assert.False(first.TotalIsAtLeast);
        Assert.Equal([AuditActions.Delete, AuditActions.Update], first.Items.Select(e => e.Action));
        Assert.Equal([AuditActions.Create], second.Items.Select(e => e.Action));
    }

    [Fact]
    public async Task Search_ByUser_MatchesTheRecordedNameOrTheAccountsNameByFragment()
    {
        await using (var scope = _services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserAccounts>()
                .CreateAsync($"han-{_key}@school.kr", "교무 한지민", Roles.Staff, [], "staff-password-2026")).Succeeded);
        string staffId;
        await using (var db = database.CreateDbContext())
            staffId = db.Users.Single(u => u.Email == $"han-{_key}@school.kr").Id;
        await AddAsync(
            Row(Noon, AuditActions.Update) with { UserId = staffId, UserName = $"han-{_key}@school.kr" },
            Row(Noon, AuditActions.Update) with { UserName = "deleted-teacher@school.kr" },
            Row(Noon, AuditActions.Update));

        var byAccountName = await SearchAsync(new AuditFilter(User: "한지", EntityKey: _key));
        var byRecordedName = await SearchAsync(new AuditFilter(User: "DELETED-teacher", EntityKey: _key));

        Assert.Equal(["교무 한지민"], byAccountName.Items.Select(e => e.Who));
        Assert.Equal(["deleted-teacher@school.kr"], byRecordedName.Items.Select(e => e.Who));
    }

    [Fact]
    public async Task Search_ByActionAndEntityType()
    {
        await AddAsync(
            Row(Noon, AuditActions.Update),
            Row(Noon, AuditActions.Delete),
            Row(Noon, AuditActions.Update) with { EntityType = nameof(Intervention) });

        var updates = await SearchAsync(new AuditFilter(Action: AuditActions.Update, EntityType: nameof(Student), EntityKey: _key));

        Assert.Equal((AuditActions.Update, nameof(Student)), updates.Items.Select(e => (e.Action, e.EntityType!)).Single());
    }

    [Fact]
    public async Task Search_ByDates_AreDaysInSeoulByDefault()
    {
        // 14:59 UTC on 1 March is 23:59 in Seoul, still 1 March there; 15:01 UTC is already 2 March.
        await AddAsync(
            Row(new DateTimeOffset(2026, 3, 1, 14, 59, 0, TimeSpan.Zero), "first"),
            Row(new DateTimeOffset(2026, 3, 1, 15, 1, 0, TimeSpan.Zero), "second"),
            Row(new DateTimeOffset(2026, 3, 2, 14, 59, 0, TimeSpan.Zero), "third"),
            Row(new DateTimeOffset(2026, 3, 2, 15, 1, 0, TimeSpan.Zero), "fourth"));

        var secondOfMarch = await SearchAsync(new AuditFilter(EntityKey: _key, From: new DateOnly(2026, 3, 2), To: new DateOnly(2026, 3, 2)));
        var fromTheSecond = await SearchAsync(new AuditFilter(EntityKey: _key, From: new DateOnly(2026, 3, 2)));

        Assert.Equal(["third", "second"], secondOfMarch.Items.Select(e => e.Action));
        Assert.Equal(["fourth", "third", "second"], fromTheSecond.Items.Select(e => e.Action));
    }

    [Fact]
    public async Task Search_ByDates_InTheReadersZone()
    {
        // 04:59 UTC on 2 March is still 1 March in New York (23:59 EST); 05:01 UTC is 2 March there.
        await AddAsync(
            Row(new DateTimeOffset(2026, 3, 2, 4, 59, 0, TimeSpan.Zero), "late on the first"),
            Row(new DateTimeOffset(2026, 3, 2, 5, 1, 0, TimeSpan.Zero), "early on the second"));

        var secondOfMarch = await SearchAsync(new AuditFilter(EntityKey: _key, From: new DateOnly(2026, 3, 2), To: new DateOnly(2026, 3, 2),
            DaysIn: TimeZoneInfo.FindSystemTimeZoneById("America/New_York")));

        Assert.Equal(["early on the second"], secondOfMarch.Items.Select(e => e.Action));
    }

    [Fact]
    public async Task Search_PastTheCountLimit_SaysThereAreAtLeastThatMany()
    {
        await Sql.ExecuteAsync(database.ConnectionString, $"""
            INSERT INTO audit.audit_logs (occurred_at, action, entity_type, entity_key)
            SELECT now() - make_interval(secs => n), 'update', 'CountLimitTest', '{_key}'
            FROM generate_series(1, {AuditSearch.CountLimit + 5}) AS n
            """);

        var entries = await SearchAsync(new AuditFilter(EntityType: "CountLimitTest"), pageSize: 10);

        Assert.Equal(AuditSearch.CountLimit, entries.Total);
        Assert.True(entries.TotalIsAtLeast);
        Assert.Equal(10, entries.Items.Count);
    }

    [Fact]
    public async Task History_IsOneRecordsEntries_WithTheirChanges_NewestFirst()
    {
        var change = new Dictionary<string, FieldChange>
        {
            ["name"] = new() { Old = JsonSerializer.SerializeToElement("김민수"), New = JsonSerializer.SerializeToElement("김민준") },
        };
        await AddAsync(Row(Noon, AuditActions.Create), Row(Noon.AddHours(1), AuditActions.Update) with { Changes = change });
        await AddAsync(new AuditLog { OccurredAt = Noon, Action = AuditActions.Update, EntityType = nameof(Student), EntityKey = Guid.NewGuid().ToString() });

        IReadOnlyList<AuditEntry> history;
        await using (var scope = _services.CreateAsyncScope())
            history = await scope.ServiceProvider.GetRequiredService<AuditSearch>().HistoryAsync(nameof(Student), _key, 10);

        Assert.Equal([AuditActions.Update, AuditActions.Create], history.Select(e => e.Action));
        Assert.Equal("김민준", history[0].Changes!["name"].New!.Value.GetString());
    }

    [Fact]
    public async Task EntityTypes_AreTheDistinctTypesInTheTrail()
    {
        await AddAsync(Row(Noon, AuditActions.Update) with { EntityType = "DistinctTypeTest" }, Row(Noon, AuditActions.Update) with { EntityType = "DistinctTypeTest" });

        IReadOnlyList<string> types;
        await using (var scope = _services.CreateAsyncScope())
            types = await scope.ServiceProvider.GetRequiredService<AuditSearch>().EntityTypesAsync();

        Assert.Single(types, t => t == "DistinctTypeTest");
        Assert.Equal(types.Order(StringComparer.Ordinal), types);
    }

    [Fact]
    public void Actions_AreEveryActionTheTrailRecords() =>
        Assert.Equal(
            [AuditActions.Create, AuditActions.Update, AuditActions.Delete, AuditActions.SignIn, AuditActions.SignInFailed, AuditActions.SignOut, AuditActions.Export],
            AuditSearch.Actions);

    private AuditRow Row(DateTimeOffset at, string action) => new(at, action, nameof(Student), _key);

    private async Task AddAsync(params AuditRow[] rows)
    {
        await using var db = database.CreateDbContext();
        db.AuditLogs.AddRange(rows.Select(r => new AuditLog
        {
            OccurredAt = r.At, Action = r.Action, EntityType = r.EntityType, EntityKey = r.EntityKey,
            UserId = r.UserId, UserName = r.UserName, Changes = r.Changes,
        }));
        await db.SaveChangesAsync();
    }

    private async Task AddAsync(AuditLog row)
    {
        await using var db = database.CreateDbContext();
        db.AuditLogs.Add(row);
        await db.SaveChangesAsync();
    }

    private async Task<AuditEntries> SearchAsync(AuditFilter filter, int page = 0, int pageSize = 25)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditSearch>().SearchAsync(filter, page, pageSize);
    }

    private sealed record AuditRow(
        DateTimeOffset At, string Action, string EntityType, string EntityKey,
        string? UserId = null, string? UserName = null, Dictionary<string, FieldChange>? Changes = null);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _services.DisposeAsync();
}
