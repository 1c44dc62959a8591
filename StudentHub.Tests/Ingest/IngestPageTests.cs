using System.Net;
using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Tests.Users;
using StudentHub.Web.Ingest;
using StudentHub.Web.Security;
using static StudentHub.Tests.Ingest.IngestTestKit;

namespace StudentHub.Tests.Ingest;

/// <summary>The Ingest page with the app's ingest services over the test class's database, as a signed-in admin.</summary>
public abstract class IngestPageTest : AdminComponentTest
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    protected IngestPageTest(DatabaseFixture database, string culture) : base(database, culture)
    {
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ingest:RequestsPerMinute"] = "120" })
            .Build());
        Services.AddIngest();
    }

    /// <summary>
    /// What <c>CurrentUserCircuitHandler</c> does when a circuit opens: the circuit's <see cref="CurrentUser"/> becomes the
    /// signed-in admin, whom the audit trail and a new key's "created by" then name.
    /// </summary>
    protected async Task<IRenderedComponent<ContainerFragment>> OpenPageAsync()
    {
        var state = await Services.GetRequiredService<AuthenticationStateProvider>().GetAuthenticationStateAsync();
        Services.GetRequiredService<CurrentUser>().Set(state.User);
        var page = RenderWithProviders<IngestPage>();
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=node-row]").Count), Patience);
        return page;
    }

    protected static void OpenNewKeyDialog(IRenderedComponent<ContainerFragment> page)
    {
        Interact(page, () => page.Find("[data-testid=new-key]").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=new-key-dialog]"), Patience);
    }

    /// <summary>The error MudBlazor shows under the input, if any.</summary>
    protected static string? FieldError(IRenderedComponent<ContainerFragment> page, string testId) =>
        page.Find($"[data-testid={testId}]").Closest(".mud-input-control")!
            .QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim();
}

/// <summary>The Ingest page against a real database: freshness per node, the keys, making one (shown once) and revoking one.</summary>
public class IngestPageTests(DatabaseFixture database) : IngestPageTest(database, "en-US"), IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Page_ListsTheSixNodes_AndEveryKey_RevokedOnesGreyed()
    {
        var keys = Services.GetRequiredService<IngestKeys>();
        var reader = await keys.CreateAsync("lab-01 sender", 2, canRead: true, "ops@school.kr");
        var retired = await keys.CreateAsync("old sender", 4, canRead: false, "ops@school.kr");
        await keys.RevokeAsync(retired.Record.Id);
        // Made two hours ago: long enough for its node to be overdue.
        var silent = await new IngestKeys(Database.ContextFactory(), new StoppedClock(DateTimeOffset.UtcNow.AddHours(-2)))
            .CreateAsync("never sent", 6, canRead: false, "ops@school.kr");
        await using (var db = Database.CreateDbContext())
        {
            var now = DateTimeOffset.UtcNow;
            db.IngestNodeHours.Add(new IngestNodeHour
            {
                SourceNode = 2,
                Hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero),
                EventsAccepted = 1234,
                EventsDuplicate = 5,
                EventsRejected = 6,
                LastReceivedAt = now,
                LastEventAt = now.AddMinutes(-1),
            });
            await db.SaveChangesAsync();
        }

        var page = await OpenPageAsync();

        Assert.Equal(["Node 1", "Node 2", "Node 3", "Node 4", "Node 5", "Node 6"],
            page.FindAll("[data-testid=node-name]").Select(c => c.TextContent.Trim()));
        var two = NodeRow(page, 2);
        Assert.Equal(("1,234", "5", "6", "1"), (Text(two, "events-today"), Text(two, "duplicates-today"), Text(two, "rejects-today"), Text(two, "active-keys")));
        Assert.StartsWith("just now", Text(two, "last-received"));
        Assert.Null(two.QuerySelector("[data-testid=quiet]"));
        Assert.Equal(("Never", "0", "0"), (Text(NodeRow(page, 4), "last-received"), Text(NodeRow(page, 4), "events-today"), Text(NodeRow(page, 4), "active-keys")));
        // Node 6 has a key but has never posted: flagged, and the flag says why.
        Assert.Contains("has never posted", NodeRow(page, 6).QuerySelector("[data-testid=quiet]")!.TextContent);

        var readerRow = KeyRow(page, reader.Record.Id);
        Assert.Equal("lab-01 sender", Text(readerRow, "key-name"));
        Assert.Equal("Node 2", Text(readerRow, "key-node"));
        Assert.Equal(reader.Key[..12] + "…", Text(readerRow, "key-prefix"));
        Assert.Equal("Reads timelines", Text(readerRow, "key-read"));
        Assert.StartsWith("ops@school.kr", Text(readerRow, "key-created"));
        Assert.Equal("Never", Text(readerRow, "key-last-use"));
        Assert.Equal("Active", Text(readerRow, "key-status"));
        Assert.False(readerRow.ClassList.Contains("revoked"));
        Assert.NotNull(readerRow.QuerySelector("[data-testid=revoke]"));
        var retiredRow = KeyRow(page, retired.Record.Id);
        Assert.True(retiredRow.ClassList.Contains("revoked"));
        Assert.StartsWith("Revoked on ", Text(retiredRow, "key-status"));
        Assert.Null(retiredRow.QuerySelector("[data-testid=revoke]"));
        Assert.Equal("", Text(KeyRow(page, silent.Record.Id), "key-read"));

        Assert.Contains("Each key may make 120 requests a minute", page.Find("[data-testid=rate-limit]").TextContent);
        Assert.Equal("/scalar", page.Find("[data-testid=api-reference]").GetAttribute("href"));
    }

    [Fact]
    public async Task NewKey_WithoutANameOrNode_SaysSoBesideTheFields_AndCreatesNothing()
    {
        var keys = await Sql.ScalarAsync<long>(Database.ConnectionString, "SELECT count(*) FROM ingest_keys");
        var page = await OpenPageAsync();
        OpenNewKeyDialog(page);

        Interact(page, () => page.Find("[data-testid=create-key]").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Equal("A key needs a name, such as the node's host or purpose.", FieldError(page, "new-key-name"));
            Assert.Equal("Choose the source node (1–6) the key posts for.", FieldError(page, "new-key-node"));
        }, Patience);
        Assert.NotEmpty(page.FindAll("[data-testid=new-key-dialog]"));
        Assert.Equal(keys, await Sql.ScalarAsync<long>(Database.ConnectionString, "SELECT count(*) FROM ingest_keys"));
    }

    [Fact]
    public async Task NewKey_IsShownOnce_StoredOnlyAsItsHash_AndAuditedAsTheAdmin()
    {
        var name = $"lab-02 sender {Guid.NewGuid():N}"[..24];
        var page = await OpenPageAsync();
        OpenNewKeyDialog(page);

        Interact(page, () => page.Find("input[data-testid=new-key-name]").Change(name));
        Choose(page, "new-key-node", "Node 3");
        Interact(page, () => page.Find("input[data-testid=new-key-can-read]").Change(true));
        Interact(page, () => page.Find("[data-testid=create-key]").Click());

        page.WaitForAssertion(() => page.Find("[data-testid=key-created-dialog]"), Patience);
        var key = page.Find("input[data-testid=created-key]").GetAttribute("value")!;
        Assert.StartsWith(IngestKeys.KeyPrefix, key);
        Assert.Contains("will not be shown again", page.Find("[data-testid=shown-once]").TextContent);
        Assert.Contains($"Authorization: Bearer {key}", page.Find("[data-testid=curl]").TextContent);
        Assert.Contains("http://localhost/api/v1/events", page.Find("[data-testid=curl]").TextContent);

        await using (var db = Database.CreateDbContext())
        {
            var stored = await db.IngestKeys.SingleAsync(k => k.Name == name);
            Assert.Equal(IngestKeys.Hash(key), stored.KeyHash);
            Assert.Equal((3, true, Admin.Email), (stored.SourceNode, stored.CanRead, stored.CreatedBy));
            // Whole rows as text: the key itself is in no column of the key's row, nor in its audit.
            Assert.Equal(0L, await Sql.ScalarAsync<long>(Database.ConnectionString, "SELECT count(*) FROM ingest_keys k WHERE strpos(k::text, $1) > 0", key));
            Assert.Equal(0L, await Sql.ScalarAsync<long>(Database.ConnectionString, "SELECT count(*) FROM audit.audit_logs a WHERE strpos(a::text, $1) > 0", key));
            var audit = await db.AuditLogs.SingleAsync(a => a.EntityType == nameof(IngestKey) && a.EntityKey == stored.Id.ToString() && a.Action == AuditActions.Create);
            Assert.Equal((Admin.Id, Admin.Email), (audit.UserId, audit.UserName));
            Assert.Equal(name, audit.Changes!["name"].New!.Value.GetString());
        }

        Interact(page, () => page.Find("[data-testid=close]").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-testid=key-created-dialog]"));
            Assert.Contains(page.FindAll("[data-testid=key-row] [data-testid=key-name]"), c => c.TextContent.Trim() == name);
        }, Patience);
        Assert.DoesNotContain(key, page.Markup);
    }

    [Fact]
    public async Task Revoke_AfterConfirming_StampsTheKey_AndItsNextPostIs401()
    {
        await using var factory = new StudentHubWebFactory(Database);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var key = await CreateKeyAsync(factory, 5);
        var student = await CreateStudentAsync(Database);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, key, Batch(Event(student)))).StatusCode);
        var record = (await Services.GetRequiredService<IngestKeys>().FindAsync(key))!;
        var page = await OpenPageAsync();
        page.WaitForAssertion(() => Assert.Equal("1", Text(KeyRow(page, record.Id), "key-accepted")), Patience);

        Interact(page, () => KeyRow(page, record.Id).QuerySelector("[data-testid=revoke]")!.Click());
        page.WaitForAssertion(() => Assert.Contains($"Revoke “node 5 test key”, the key of node 5 ({record.KeyPrefix}…)?", page.Markup), Patience);
        Interact(page, () => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Revoke").Click());

        page.WaitForAssertion(() => Assert.True(KeyRow(page, record.Id).ClassList.Contains("revoked")), Patience);
        await using (var db = Database.CreateDbContext())
            Assert.NotNull((await db.IngestKeys.SingleAsync(k => k.Id == record.Id)).RevokedAt);
        var refused = await PostAsync(client, key, Batch(Event(student)));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(1, await EventCountAsync(Database, student));
    }

    private static IElement NodeRow(IRenderedComponent<ContainerFragment> page, int node) =>
        page.Find($"[data-testid=node-row][data-node='{node}']");

    private static IElement KeyRow(IRenderedComponent<ContainerFragment> page, Guid id) =>
        page.Find($"[data-testid=key-row][data-key='{id}']");

    private static string Text(IElement row, string testId) =>
        row.QuerySelector($"[data-testid={testId}]")?.TextContent.Trim() ?? throw new InvalidOperationException($"No {testId} in the row.");
}

/// <summary>The same page for a Korean reader: the key checks' messages come from IngestKeyMessages.ko.resx.</summary>
public class IngestPageInKoreanTests(DatabaseFixture database) : IngestPageTest(database, "ko-KR"), IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task NewKey_WithoutANameOrNode_SaysSoInKorean()
    {
        var page = await OpenPageAsync();
        Assert.Equal("노드 1", page.Find("[data-testid=node-name]").TextContent.Trim());
        OpenNewKeyDialog(page);

        Interact(page, () => page.Find("[data-testid=create-key]").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Equal("키 이름을 입력하세요(예: 노드의 호스트 이름이나 용도).", FieldError(page, "new-key-name"));
            Assert.Equal("키가 이벤트를 보낼 소스 노드(1–6)를 고르세요.", FieldError(page, "new-key-node"));
        }, Patience);
    }
}
