using System.Text.Json;
using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Users;
using StudentHub.Web.Audit;

namespace StudentHub.Tests.Audit;

/// <summary>The audit trail page: filters narrow the server-side list, a row opens to show what changed.</summary>
public class AuditTrailPageTests(DatabaseFixture database) : AdminComponentTest(database), IClassFixture<DatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task FilteringByRecordKey_ListsThatRecordNewestFirst_AndARowOpensToOldAndNew()
    {
        var key = Guid.NewGuid().ToString();
        await AddAsync(
            Entry(key, AuditActions.Create, minutesAgo: 10),
            Entry(key, AuditActions.Update, minutesAgo: 5,
                changes: new() { ["grade"] = new() { Old = JsonSerializer.SerializeToElement(7), New = JsonSerializer.SerializeToElement(8) } }),
            Entry(Guid.NewGuid().ToString(), AuditActions.Delete, minutesAgo: 1));
        var page = RenderWithProviders<AuditTrailPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(Rows(page)), Patience);

        Interact(page, () => page.Find("input[data-testid=filter-entity-key]").Input(key));

        page.WaitForAssertion(() => Assert.Equal(["Changed", "Created"], Rows(page).Select(r => Cell(r, "Action"))), Patience);
        Assert.All(Rows(page), r => Assert.Equal("관리자 김하늘" + Admin.Email, Cell(r, "Who")));
        Assert.Empty(page.FindAll("[data-testid=audit-changes]"));

        Interact(page, () => Rows(page)[0].QuerySelector("button")!.Click());

        page.WaitForAssertion(() => Assert.Equal(
            ["grade", "7", "8"],
            page.FindAll("[data-testid=audit-changes] tr[data-field=grade] td").Select(td => td.TextContent.Trim())), Patience);
    }

    [Fact]
    public async Task FilteringByUserAndAction_KeepsTheMatchingEntries()
    {
        var key = Guid.NewGuid().ToString();
        await AddAsync(
            Entry(key, AuditActions.SignIn, minutesAgo: 3, entityType: null, userName: "ghost-teacher@school.kr"),
            Entry(key, AuditActions.SignInFailed, minutesAgo: 2, entityType: null, userName: "ghost-teacher@school.kr"),
            Entry(key, AuditActions.SignIn, minutesAgo: 1, entityType: null, userName: "other@school.kr"));
        var page = RenderWithProviders<AuditTrailPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(Rows(page)), Patience);

        Interact(page, () => page.Find("input[data-testid=filter-user]").Input("ghost-teacher"));
        Choose(page, "filter-action", "Signed in");

        page.WaitForAssertion(() =>
        {
            var row = Assert.Single(Rows(page));
            Assert.Equal("ghost-teacher@school.kr", Cell(row, "Who"));
            Assert.Equal("Signed in", Cell(row, "Action"));
        }, Patience);
    }

    private static AuditLog Entry(
        string key, string action, int minutesAgo, string? entityType = nameof(Student), string? userName = null,
        Dictionary<string, FieldChange>? changes = null) => new()
    {
        OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo),
        Action = action,
        EntityType = entityType,
        EntityKey = key,
        UserName = userName,
        Changes = changes,
    };

    private async Task AddAsync(params AuditLog[] entries)
    {
        foreach (var entry in entries.Where(e => e.UserName is null))
            (entry.UserId, entry.UserName) = (Admin.Id, Admin.Email);
        await using var db = Database.CreateDbContext();
        db.AuditLogs.AddRange(entries);
        await db.SaveChangesAsync();
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<ContainerFragment> page) =>
        page.FindAll("tr.mud-table-row").Where(r => r.QuerySelector("td[data-label=When]") is not null).ToList();

    private static string Cell(IElement row, string column) => row.QuerySelector($"td[data-label='{column}']")!.TextContent.Trim();
}
