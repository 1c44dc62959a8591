using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Timeline;

namespace StudentHub.Tests.Timeline;

/// <summary>The timeline's keyset paging and filters against a real, partitioned learning_history.</summary>
public class TimelineQueryTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 8, 30, 23, 0, 0, TimeSpan.Zero);
    private Guid _student;
    private Guid _other;

    public async Task InitializeAsync()
    {
        await using var db = database.CreateDbContext();
        var student = new Student { Name = "김타임", SchoolId = "TL_A", Grade = 10 };
        var other = new Student { Name = "이다른", SchoolId = "TL_A", Grade = 10 };
        db.Students.AddRange(student, other);
        await db.SaveChangesAsync();
        (_student, _other) = (student.Id, other.Id);

        // 237 events over three months; every third shares its timestamp with the one before, so ties cross
        // page boundaries; nodes, types, concepts and results cycle.
        var events = new List<LearningEvent>();
        for (var i = 0; i < 237; i++)
        {
            events.Add(Event(student.Id, Start.AddHours(9 * (i - (i % 3 == 2 ? 1 : 0))), i));
        }
        events.Add(Event(other.Id, Start.AddHours(5), 0));
        db.LearningHistory.AddRange(events);
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Paging_ReturnsEveryEventExactlyOnce_NewestFirst_IncludingEqualTimestamps()
    {
        var all = await PageThroughAsync(TimelineFilter.None, 50);

        var stored = await StoredAsync(e => true);
        Assert.Equal(237, all.Count);
        Assert.Equal(stored.Select(e => e.Id).Order(), all.Select(e => e.Id).Order());
        Assert.Equal(all.Count, all.Select(e => e.Id).Distinct().Count());
        Assert.Equal(all, all.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id));
        Assert.True(all.GroupBy(e => e.OccurredAt).Any(g => g.Count() > 1), "the data has equal timestamps");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public async Task Paging_WithAnyPageSize_SplitsTiesWithoutLoss(int size)
    {
        var all = await PageThroughAsync(TimelineFilter.None, size);

        Assert.Equal(237, all.Select(e => e.Id).Distinct().Count());
        Assert.Equal(237, all.Count);
    }

    [Fact]
    public async Task LastPage_HasNoNextCursor_AndAnEmptyTimelineHasNone()
    {
        var query = new TimelineQuery(database.ContextFactory());
        var one = await query.PageAsync(_other, TimelineFilter.None, null);
        var none = await query.PageAsync(Guid.NewGuid(), TimelineFilter.None, null);

        Assert.Single(one.Events);
        Assert.Null(one.Next);
        Assert.Empty(none.Events);
        Assert.Null(none.Next);
    }

    [Fact]
    public async Task EventTypeFilter_KeepsOnlyThoseTypes_AcrossPages()
    {
        var filter = new TimelineFilter { EventTypes = new HashSet<EventType> { EventType.Test, EventType.Review } };

        var all = await PageThroughAsync(filter, 20);

        var expected = await StoredAsync(e => e.EventType == EventType.Test || e.EventType == EventType.Review);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(e => e.Id).Order(), all.Select(e => e.Id).Order());
    }

    [Fact]
    public async Task SourceNodeFilter_KeepsOnlyThatNode()
    {
        var all = await PageThroughAsync(new TimelineFilter { SourceNodes = new HashSet<int> { 4 } }, 50);

        var expected = await StoredAsync(e => e.SourceNode == 4);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(e => e.Id).Order(), all.Select(e => e.Id).Order());
    }

    [Fact]
    public async Task DateRange_IsFromInclusive_ToExclusive_AcrossAPartitionBoundary()
    {
        var from = new DateTimeOffset(2026, 9, 20, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 10, 10, 0, 0, 0, TimeSpan.Zero);

        var all = await PageThroughAsync(new TimelineFilter { From = from, To = to }, 30);

        var expected = await StoredAsync(e => e.OccurredAt >= from && e.OccurredAt < to);
        Assert.Contains(expected, e => e.OccurredAt.Month == 9);
        Assert.Contains(expected, e => e.OccurredAt.Month == 10);
        Assert.Equal(expected.Select(e => e.Id).Order(), all.Select(e => e.Id).Order());
    }

    [Fact]
    public async Task ConceptFilter_MatchesTheConceptExactly()
    {
        var all = await PageThroughAsync(new TimelineFilter { Concept = "quadratic_functions" }, 50);

        var expected = (await StoredAsync(e => true)).Where(e => e.Content.Concept == "quadratic_functions").ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(e => e.Id).Order(), all.Select(e => e.Id).Order());
    }

    [Fact]
    public async Task ContentSearch_IsJsonContainment_OnTypedAndUnknownKeys_CombinedWithConcept()
    {
        var incorrect = await PageThroughAsync(new TimelineFilter { ContentContains = """{"result": "incorrect"}""" }, 50);
        var byShorthand = await PageThroughAsync(new TimelineFilter { ContentContains = "device=tablet" }, 50);
        var number = await PageThroughAsync(new TimelineFilter { ContentContains = "hints_used=2" }, 50);
        var combined = await PageThroughAsync(new TimelineFilter { Concept = "fractions", ContentContains = """{"result": "incorrect"}""" }, 50);

        var stored = await StoredAsync(e => true);
        Assert.Equal(stored.Where(e => e.Content.Result == "incorrect").Select(e => e.Id).Order(), incorrect.Select(e => e.Id).Order());
        Assert.Equal(
            stored.Where(e => e.Content.Other?.TryGetValue("device", out var d) == true && d.GetString() == "tablet").Select(e => e.Id).Order(),
            byShorthand.Select(e => e.Id).Order());
        Assert.NotEmpty(byShorthand);
        Assert.Equal(stored.Where(e => e.Content.HintsUsed == 2).Select(e => e.Id).Order(), number.Select(e => e.Id).Order());
        Assert.Equal(
            stored.Where(e => e.Content.Concept == "fractions" && e.Content.Result == "incorrect").Select(e => e.Id).Order(),
            combined.Select(e => e.Id).Order());
        Assert.NotEmpty(combined);
    }

    [Fact]
    public async Task Sql_UsesContainmentAndARowComparison_NeverOffsetOrArrowText()
    {
        await using var db = database.CreateDbContext();
        var cursor = new TimelineCursor(Start, 10);
        var sql = TimelineQuery.Query(db, _student, new TimelineFilter { Concept = "fractions" }, cursor).Take(51).ToQueryString();

        Assert.Contains("@>", sql);
        Assert.Contains("(l.occurred_at, l.id) < (", sql);
        Assert.DoesNotContain("OFFSET", sql, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("->>", sql);
    }

    [Fact]
    public async Task Plan_IsAnOrderedAppendOfIndexScans_WithNoSort()
    {
        await using var db = database.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync("ANALYZE learning_history");
        await db.Database.OpenConnectionAsync();
        // At this size the planner would as soon scan and sort; with sorting priced out, what remains shows that
        // an index delivers each partition in cursor order (the benchmark checks the planner's own choice at scale).
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off; SET enable_incremental_sort = off");
        await using var explain = TimelineQuery.Query(db, _student, TimelineFilter.None, new TimelineCursor(Start.AddDays(40), long.MaxValue))
            .Take(51).CreateDbCommand();
        explain.CommandText = "EXPLAIN " + explain.CommandText;

        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                lines.Add(reader.GetString(0));
        var plan = string.Join('\n', lines);

        Assert.True(plan.Contains("Append"), plan);
        // Each partition's copy of idx_lh_student_timeline is named after its columns.
        Assert.True(plan.Contains("student_id_occurred_at_id_idx"), plan);
        Assert.False(plan.Contains("Sort"), plan);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("MTIz")]
    [InlineData("YTpi")]
    public void Cursor_RefusesText_ItDidNotWrite(string text) =>
        Assert.False(TimelineCursor.TryParse(text, out _));

    [Fact]
    public void Cursor_RoundTripsToTheMicrosecond()
    {
        var cursor = new TimelineCursor(new DateTimeOffset(2026, 3, 1, 8, 30, 15, TimeSpan.FromHours(9)).AddTicks(1234560), 98765);

        Assert.True(TimelineCursor.TryParse(cursor.ToString(), out var read));
        Assert.Equal(cursor.OccurredAt.UtcTicks, read.Value.OccurredAt.UtcTicks);
        Assert.Equal(cursor.Id, read.Value.Id);
    }

    [Theory]
    [InlineData("{\"result\": ")]
    [InlineData("[1, 2]")]
    [InlineData("just words")]
    [InlineData("=x")]
    public void ContentSearch_ThatIsNeitherJsonObjectNorKeyValue_IsRefusedWithAMessage(string text)
    {
        Assert.False(TimelineFilter.TryParseContent(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    private async Task<List<TimelineEvent>> PageThroughAsync(TimelineFilter filter, int size)
    {
        var query = new TimelineQuery(database.ContextFactory());
        var all = new List<TimelineEvent>();
        TimelineCursor? cursor = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var page = await query.PageAsync(_student, filter, cursor, size);
            Assert.True(page.Events.Count <= size);
            all.AddRange(page.Events);
            if (page.Next is null)
                return all;
            Assert.Equal(size, page.Events.Count);
            cursor = page.Next;
        }
        throw new InvalidOperationException("The timeline never ended.");
    }

    private async Task<List<LearningEvent>> StoredAsync(System.Linq.Expressions.Expression<Func<LearningEvent, bool>> predicate)
    {
        await using var db = database.CreateDbContext();
        return await db.LearningHistory.AsNoTracking().Where(e => e.StudentId == _student).Where(predicate).ToListAsync();
    }

    private static readonly string[] Concepts = ["quadratic_functions", "fractions", "linear_equations", "probability"];
    private static readonly string[] Results = ["correct", "incorrect", "partial"];

    private static LearningEvent Event(Guid studentId, DateTimeOffset at, int i)
    {
        var content = new EventContent
        {
            Concept = Concepts[i % Concepts.Length],
            Result = Results[i % Results.Length],
            ProblemId = $"PROB_{i}",
            HintsUsed = i % 4,
            Difficulty = 0.5,
            TimeSpent = 60 + i,
        };
        if (i % 5 == 0)
            content.Other = new() { ["device"] = JsonSerializer.SerializeToElement("tablet") };
        return new LearningEvent
        {
            StudentId = studentId,
            OccurredAt = at,
            EventType = (EventType)(i % 5),
            SourceNode = i % 6 + 1,
            Content = content,
        };
    }
}
