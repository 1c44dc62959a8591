using System.Text;
using StudentHub.Web.Ingest;

namespace StudentHub.Tests.Ingest;

/// <summary>The body reader alone: which texts are instants with an offset, and that every bad field is named, not just the first.</summary>
public class IngestBatchReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Student = Guid.Parse("3f2b8c1e-5d4a-4e8f-9b7c-2a1d0e6f5c4b");

    [Theory]
    [InlineData("2026-03-02T09:30:00+09:00", "2026-03-02T00:30:00Z")]
    [InlineData("2026-03-02T09:30+09:00", "2026-03-02T00:30:00Z")]
    [InlineData("2026-03-02T00:30:00.123456Z", "2026-03-02T00:30:00.123456Z")]
    [InlineData("2026-03-02T00:30:00.123456789Z", "2026-03-02T00:30:00.1234567Z")]
    [InlineData("2026-03-01T20:30:00-04:00", "2026-03-02T00:30:00Z")]
    public void OccurredAt_WithAnOffset_IsReadAsThatInstant(string text, string instant)
    {
        var read = Assert.IsType<BatchReadResult.Read>(Read(Body(occurredAt: text)));

        Assert.Equal(DateTimeOffset.Parse(instant), Assert.Single(read.Events).OccurredAt);
    }

    [Theory]
    [InlineData("2026-03-02T09:30:00")]
    [InlineData("2026-03-02")]
    [InlineData("2026-03-02 09:30:00Z")]
    [InlineData("2026-03-02T09:30:00+0900")]
    [InlineData("1741000000")]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2026-11-24T12:05:01Z")]
    public void OccurredAt_WithoutAnOffset_OrOutOfRange_IsNamed(string text)
    {
        var read = Assert.IsType<BatchReadResult.Read>(Read(Body(occurredAt: text)));

        Assert.Empty(read.Events);
        Assert.Equal(["events[0].occurred_at"], read.Errors.ToProblemErrors().Keys);
    }

    [Fact]
    public void OccurredAt_FiveMinutesAhead_IsStillAccepted()
    {
        var read = Assert.IsType<BatchReadResult.Read>(Read(Body(occurredAt: "2026-11-24T12:05:00Z")));

        Assert.Single(read.Events);
    }

    [Fact]
    public void EveryBadFieldOfAnEvent_IsNamed()
    {
        const string body = """{"events": [{"event_id": "x", "student_id": 1, "event_type": "Study", "source_id": 5, "occurred_at": null, "content": "{}", "source_node": "3"}]}""";

        var read = Assert.IsType<BatchReadResult.Read>(Read(body));

        Assert.Equal(
            ["events[0].content", "events[0].event_id", "events[0].event_type", "events[0].occurred_at", "events[0].source_id", "events[0].source_node", "events[0].student_id"],
            read.Errors.ToProblemErrors().Keys.Order());
    }

    [Fact]
    public void UnknownMembers_AreIgnored_AndContentIsKeptAsSent()
    {
        const string content = """{"concept":"분수","extra":{"a":[1,2.5,null,true]}}""";
        var body = $$$"""{"events": [{"student_id": "{{{Student}}}", "event_type": "review", "occurred_at": "2026-03-02T09:30:00Z", "content": {{{content}}}, "device": "tablet"}], "sent_by": "node-3"}""";

        var read = Assert.IsType<BatchReadResult.Read>(Read(body));

        Assert.Equal(content, Assert.Single(read.Events).Content);
    }

    [Fact]
    public void BytesThatAreNotUtf8_AreMalformed()
    {
        var bytes = Encoding.UTF8.GetBytes(Body());
        bytes[Array.IndexOf(bytes, (byte)'r')] = 0xC3;

        Assert.IsType<BatchReadResult.Malformed>(IngestBatchReader.Read(bytes, 3, Now));
    }

    private static BatchReadResult Read(string body) => IngestBatchReader.Read(Encoding.UTF8.GetBytes(body), 3, Now);

    private static string Body(string occurredAt = "2026-03-02T09:30:00Z") =>
        $$$"""{"events": [{"student_id": "{{{Student}}}", "event_type": "study", "occurred_at": "{{{occurredAt}}}", "content": {"result": "correct"}}]}""";
}
