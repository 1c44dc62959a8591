using System.Net;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Ingest;
using static StudentHub.Tests.Ingest.IngestTestKit;

namespace StudentHub.Tests.Ingest;

/// <summary><c>create-ingest-key</c> run as a node's deployment script runs it: a separate process, the key taken from the last line.</summary>
public class CreateIngestKeyCommandTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task CreateIngestKey_PrintsTheKeyAloneOnTheLastLine_AndTheKeyPostsForItsNode()
    {
        var (exitCode, output) = await WebAppProcess.RunAsync(database.ConnectionString, null,
            "create-ingest-key", "--node", "4", "--name", "lab node (lab-01)", "--read");

        Assert.True(exitCode == 0, output);
        var key = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        Assert.Matches("^shk_[A-Za-z0-9_-]{43}$", key);
        await using (var db = database.CreateDbContext())
        {
            var record = db.IngestKeys.Single(k => k.Name == "lab node (lab-01)");
            Assert.Equal(4, record.SourceNode);
            Assert.True(record.CanRead);
            Assert.Equal(IngestKeys.Hash(key), record.KeyHash);
            Assert.Equal(key[..12], record.KeyPrefix);
            Assert.StartsWith("create-ingest-key (", record.CreatedBy);
        }
        // The audit trail records the key's making, with its hash but never the key.
        Assert.Equal(1L, await Sql.ScalarAsync<long>(database.ConnectionString,
            "SELECT count(*) FROM audit.audit_logs WHERE entity_type = 'IngestKey' AND action = 'create' AND user_name LIKE 'create-ingest-key (%'"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(database.ConnectionString,
            "SELECT count(*) FROM audit.audit_logs WHERE changes::text LIKE '%' || $1 || '%'", key));

        await using var factory = new StudentHubWebFactory(database);
        using var client = factory.CreateClient();
        var student = await CreateStudentAsync(database);
        var response = await PostAsync(client, key, Batch(Event(student)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, await Sql.ScalarAsync<int>(database.ConnectionString, "SELECT source_node FROM learning_history WHERE student_id = $1", student));
    }

    [Theory]
    [InlineData("7", "The source node is a number from 1 to 6, not 7.")]
    [InlineData("0", "The source node is a number from 1 to 6, not 0.")]
    [InlineData("four", "Cannot parse argument 'four'")]
    public async Task CreateIngestKey_WithABadNode_SaysSo_AndCreatesNothing(string node, string message)
    {
        var (exitCode, output) = await WebAppProcess.RunAsync(database.ConnectionString, null,
            "create-ingest-key", "--node", node, "--name", "bad node " + node);

        Assert.Equal(1, exitCode);
        Assert.Contains(message, output);
        Assert.DoesNotContain("   at ", output);
        await using var db = database.CreateDbContext();
        Assert.False(db.IngestKeys.Any(k => k.Name == "bad node " + node));
    }
}
