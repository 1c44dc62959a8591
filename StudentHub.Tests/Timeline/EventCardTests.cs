using System.Text.Json;
using Bunit;
using StudentHub.Data.Entities;
using StudentHub.Tests.Shell;
using StudentHub.Web.Timeline;

namespace StudentHub.Tests.Timeline;

/// <summary>The event card other pages reuse: type, time in the reader's zone, node, sentence, and the stored JSON on demand.</summary>
public class EventCardTests() : AppComponentTest("en-US")
{
    private static readonly TimelineEvent Solved = new(
        42, new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.Zero), EventType.Study, 4, "LAB_SESSION_123", null,
        new EventContent
        {
            Action = "solved_problem", ProblemId = "PROB_456", Concept = "분수의 덧셈", Result = "correct",
            TimeSpent = 180, Difficulty = 0.65, HintsUsed = 1,
            Other = new() { ["device"] = JsonSerializer.SerializeToElement("tablet"), ["attempt"] = JsonSerializer.SerializeToElement(2) },
        });

    [Fact]
    public void Card_ShowsTypeTimeNodeAndSentence()
    {
        var card = Render<EventCard>(p => p.Add(c => c.Event, Solved));

        Assert.Equal("study", card.Find("[data-testid=event-card]").GetAttribute("data-event-type"));
        Assert.Equal("Study", card.Find("[data-testid=event-type]").TextContent.Trim());
        Assert.Equal("분수의 덧셈", card.Find("[data-testid=event-concept]").TextContent.Trim());
        Assert.Equal("Correct", card.Find("[data-testid=event-result]").TextContent.Trim());
        Assert.Equal("Node 4", card.Find("[data-testid=event-node]").TextContent.Trim());
        // 00:30 UTC is 09:30 in Seoul, the zone until the browser names another.
        Assert.Equal("3/2/2026 9:30 AM", card.Find("[data-testid=event-time]").TextContent.Trim().Replace('\u202F', ' '));
        Assert.Equal("Solved PROB_456 correctly in 3 min, 1 hint, difficulty 0.65", card.Find("[data-testid=event-sentence]").TextContent.Trim());
        Assert.Empty(card.FindAll("[data-testid=event-student]"));
    }

    [Fact]
    public void RawJson_OpensPrettyPrinted_WithEveryKey_AndCloses()
    {
        var card = Render<EventCard>(p => p.Add(c => c.Event, Solved));
        Assert.Empty(card.FindAll("[data-testid=event-json]"));

        card.Find("[data-testid=event-json-toggle]").Click();

        var json = card.Find("[data-testid=event-json]").TextContent;
        var parsed = JsonDocument.Parse(json).RootElement;
        Assert.Equal(
            ["action", "attempt", "concept", "device", "difficulty", "hints_used", "problem_id", "result", "time_spent"],
            parsed.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("tablet", parsed.GetProperty("device").GetString());
        Assert.Contains("\n  \"concept\": \"분수의 덧셈\"", json);
        Assert.Contains("Source id LAB_SESSION_123", card.Find("[data-testid=event-ids]").TextContent);

        card.Find("[data-testid=event-json-toggle]").Click();
        Assert.Empty(card.FindAll("[data-testid=event-json]"));
    }

    [Fact]
    public void Time_FollowsTheReadersZone_OnceTheBrowserNamesIt()
    {
        JSInterop.SetupModule("./js/reader-time-zone.js").Setup<string?>("readerTimeZone").SetResult("America/New_York");

        var card = Render<EventCard>(p => p.Add(c => c.Event, Solved));

        // The card skips re-rendering an unchanged event, but not a changed zone: 00:30 UTC is 19:30 the day before in New York.
        card.WaitForAssertion(() => Assert.Equal("3/1/2026 7:30 PM", card.Find("[data-testid=event-time]").TextContent.Trim().Replace('\u202F', ' ')));
        var time = card.Find("time[data-testid=event-time]");
        Assert.Equal("2026-03-02T00:30:00Z", time.GetAttribute("datetime"));
        Assert.Contains("(America/New_York)", time.GetAttribute("title"));
    }

    [Fact]
    public void AStudentName_LinksWhereItIsTold()
    {
        var card = Render<EventCard>(p => p.Add(c => c.Event, Solved).Add(c => c.StudentName, "정하늘").Add(c => c.StudentHref, "/students/x/timeline"));

        var student = card.Find("[data-testid=event-student]");
        Assert.Equal("정하늘", student.TextContent.Trim());
        Assert.Equal("/students/x/timeline", student.GetAttribute("href"));
    }
}

/// <summary>The same card in Korean.</summary>
public class EventCardKoreanTests() : AppComponentTest("ko-KR")
{
    [Fact]
    public void Card_SpeaksKorean()
    {
        var e = new TimelineEvent(7, new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.Zero), EventType.Test, 2, null, null,
            new EventContent { Concept = "원", Result = "partial", Score = 65, TimeSpent = 900 });

        var card = Render<EventCard>(p => p.Add(c => c.Event, e));

        Assert.Equal("시험", card.Find("[data-testid=event-type]").TextContent.Trim());
        Assert.Equal("노드 2", card.Find("[data-testid=event-node]").TextContent.Trim());
        Assert.Equal("원 시험에서 15분 만에 65점", card.Find("[data-testid=event-sentence]").TextContent.Trim());
        Assert.Equal("원본 JSON", card.Find("[data-testid=event-json-toggle]").TextContent.Trim());
    }
}
