using StudentHub.Data.Entities;
using StudentHub.Web.Localization;
using StudentHub.Web.Timeline;

namespace StudentHub.Tests.Timeline;

/// <summary>The timeline's filters in the URL, the reader's days as instants, and where intervention marks fall among events.</summary>
public class TimelineViewTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void View_RoundTripsThroughTheUrl_InACanonicalOrder()
    {
        var view = new TimelineView([EventType.Review, EventType.Study], [3, 1], new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), "원", "result=incorrect");

        var parameters = TimelineFilterQuery.ToParameters(view);
        var read = TimelineFilterQuery.FromQuery(name => parameters[name] as string);

        Assert.Equal("study,review", parameters[TimelineFilterQuery.Type]);
        Assert.Equal("1,3", parameters[TimelineFilterQuery.Node]);
        Assert.Equal("2026-03-01", parameters[TimelineFilterQuery.From]);
        Assert.Equal("2026-03-31", parameters[TimelineFilterQuery.To]);
        Assert.Equal(TimelineFilterQuery.Normalize(view), read);
        Assert.Equal("?type=study,review&node=1,3&from=2026-03-01&to=2026-03-31&concept=%EC%9B%90&q=result%3Dincorrect",
            TimelineFilterQuery.ToQueryString(view));
    }

    [Fact]
    public void MalformedValues_AreDropped_AndABackwardsRangeIsTurnedRound()
    {
        var query = new Dictionary<string, string?>
        {
            ["type"] = "test,bogus,,test", ["node"] = "0,2,7,x", ["from"] = "2026-03-09", ["to"] = "2026-03-02", ["concept"] = "  ", ["q"] = null,
        };

        var view = TimelineFilterQuery.FromQuery(name => query.GetValueOrDefault(name));

        Assert.Equal([EventType.Test], view.Types);
        Assert.Equal([2], view.Nodes);
        Assert.Equal((new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 9)), (view.FromDay!.Value, view.ToDay!.Value));
        Assert.Null(view.Concept);
        Assert.True(TimelineFilterQuery.FromQuery(_ => null).IsEmpty);
    }

    [Fact]
    public void Days_AreFromTheReadersMidnight_ToTheMidnightAfterTheLastDay()
    {
        var view = TimelineView.None with { FromDay = new DateOnly(2026, 3, 1), ToDay = new DateOnly(2026, 3, 1) };

        var seoul = view.ToFilter(ReaderTimeZone.Seoul);
        var utc = view.ToFilter(TimeZoneInfo.Utc);

        Assert.Equal((new DateTimeOffset(2026, 2, 28, 15, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 15, 0, 0, TimeSpan.Zero)), (seoul.From!.Value, seoul.To!.Value));
        Assert.Equal((new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero)), (utc.From!.Value, utc.To!.Value));
    }

    [Fact]
    public void Marks_GoBelowEventsAtOrAfterThem_AndWaitWhileOlderEventsRemain()
    {
        var events = new[] { Event(1, Noon.AddHours(3)), Event(2, Noon.AddHours(1)), Event(3, Noon) };
        var mark = new InterventionMark(Guid.NewGuid(), InterventionType.Auto, InterventionStatus.Completed, Noon.AddHours(1), Noon.AddHours(5), ["원"]);
        var older = new InterventionMark(Guid.NewGuid(), InterventionType.Auto, InterventionStatus.Active, Noon.AddHours(-1), null, []);
        var atOldest = new InterventionMark(Guid.NewGuid(), InterventionType.Auto, InterventionStatus.Active, Noon, null, []);

        var partial = TimelineRows.Interleave(events, [mark, older, atOldest], complete: false);
        var complete = TimelineRows.Interleave(events, [mark, older, atOldest], complete: true);

        Assert.Equal(["completed", "event:1", "event:2", "started", "event:3"], Names(partial));
        Assert.Equal(["completed", "event:1", "event:2", "started", "event:3", "started", "started"], Names(complete));
        Assert.Equal(atOldest.Id, ((InterventionRow)complete[5]).Intervention.Id);
    }

    [Fact]
    public void Marks_OutsideTheDateWindow_AreLeftOut()
    {
        var events = new[] { Event(1, Noon) };
        var mark = new InterventionMark(Guid.NewGuid(), InterventionType.Auto, InterventionStatus.Completed, Noon.AddDays(-3), Noon.AddDays(2), []);

        var rows = TimelineRows.Interleave(events, [mark], complete: true, from: Noon.AddDays(-1), to: Noon.AddDays(1));

        Assert.Equal(["event:1"], Names(rows));
    }

    private static TimelineEvent Event(long id, DateTimeOffset at) => new(id, at, EventType.Study, 1, null, null, new EventContent());

    private static List<string> Names(IEnumerable<TimelineRow> rows) =>
        rows.Select(r => r switch
        {
            EventRow e => $"event:{e.Event.Id}",
            InterventionRow m => m.Completed ? "completed" : "started",
            _ => "?",
        }).ToList();
}
