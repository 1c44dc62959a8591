using System.Globalization;
using System.Text.Json;
using StudentHub.Data.Entities;
using StudentHub.Web.Timeline;

namespace StudentHub.Tests.Timeline;

/// <summary>An event in one sentence, in English and Korean: every result, tests by score, and missing fields leaving no gaps.</summary>
public class EventSentenceTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Korean = CultureInfo.GetCultureInfo("ko-KR");

    private static EventContent Problem(string? result, int? seconds = 180, int? hints = 1, double? difficulty = 0.65) => new()
    {
        Action = "solved_problem", ProblemId = "PROB_456", Concept = "분수의 덧셈",
        Result = result, TimeSpent = seconds, HintsUsed = hints, Difficulty = difficulty,
    };

    [Theory]
    [InlineData("correct", "Solved PROB_456 correctly in 3 min, 1 hint, difficulty 0.65", "PROB_456 문제를 3분 만에 정답, 힌트 1회, 난이도 0.65")]
    [InlineData("incorrect", "Answered PROB_456 incorrectly after 3 min, 1 hint, difficulty 0.65", "PROB_456 문제를 3분 동안 풀고 오답, 힌트 1회, 난이도 0.65")]
    [InlineData("partial", "Partly solved PROB_456 in 3 min, 1 hint, difficulty 0.65", "PROB_456 문제를 3분 만에 부분 정답, 힌트 1회, 난이도 0.65")]
    public void AProblem_SaysItsResultTimeHintsAndDifficulty(string result, string english, string korean)
    {
        Assert.Equal(english, EventSentence.Describe(EventType.Study, Problem(result), English));
        Assert.Equal(korean, EventSentence.Describe(EventType.Study, Problem(result), Korean));
    }

    [Theory]
    [InlineData(0, "no hints", "힌트 없음")]
    [InlineData(1, "1 hint", "힌트 1회")]
    [InlineData(3, "3 hints", "힌트 3회")]
    public void Hints_ArePluralInEnglish_AndNoneIsSaid(int hints, string english, string korean)
    {
        Assert.Equal($"Solved PROB_456 correctly in 3 min, {english}, difficulty 0.65", EventSentence.Describe(EventType.Review, Problem("correct", hints: hints), English));
        Assert.Equal($"PROB_456 문제를 3분 만에 정답, {korean}, 난이도 0.65", EventSentence.Describe(EventType.Review, Problem("correct", hints: hints), Korean));
    }

    [Theory]
    [InlineData(45, "45 sec", "45초")]
    [InlineData(59, "59 sec", "59초")]
    [InlineData(60, "1 min", "1분")]
    [InlineData(90, "2 min", "2분")]
    [InlineData(3600, "1 h", "1시간")]
    [InlineData(3900, "1 h 5 min", "1시간 5분")]
    public void Time_UnderAMinuteIsInSeconds_ThenMinutes_ThenHours(int seconds, string english, string korean)
    {
        var content = Problem("correct", seconds, hints: null, difficulty: null);

        Assert.Equal($"Solved PROB_456 correctly in {english}", EventSentence.Describe(EventType.Study, content, English));
        Assert.Equal($"PROB_456 문제를 {korean} 만에 정답", EventSentence.Describe(EventType.Study, content, Korean));
    }

    [Fact]
    public void MissingFields_LeaveNoGapsNorNulls()
    {
        var content = new EventContent { ProblemId = "PROB_9", Result = "incorrect" };

        Assert.Equal("Answered PROB_9 incorrectly", EventSentence.Describe(EventType.Study, content, English));
        Assert.Equal("PROB_9 문제 오답", EventSentence.Describe(EventType.Study, content, Korean));
    }

    [Fact]
    public void AProblemWithoutAnId_IsNamedByItsConcept_OrNotAtAll()
    {
        var byConcept = new EventContent { Concept = "약수와 배수", Result = "partial", TimeSpent = 30 };
        var bare = new EventContent { Result = "correct" };

        Assert.Equal("Partly solved a problem on 약수와 배수 in 30 sec", EventSentence.Describe(EventType.Intervention, byConcept, English));
        Assert.Equal("약수와 배수 문제를 30초 만에 부분 정답", EventSentence.Describe(EventType.Intervention, byConcept, Korean));
        Assert.Equal("Solved a problem correctly", EventSentence.Describe(EventType.Study, bare, English));
        Assert.Equal("문제 정답", EventSentence.Describe(EventType.Study, bare, Korean));
    }

    [Fact]
    public void NoResult_SaysTheProblemWasWorkedOn()
    {
        var content = Problem(null, seconds: 240, hints: null, difficulty: null);

        Assert.Equal("Worked on PROB_456 for 4 min", EventSentence.Describe(EventType.Study, content, English));
        Assert.Equal("PROB_456 문제를 4분 동안 풀이", EventSentence.Describe(EventType.Study, content, Korean));
    }

    [Fact]
    public void AResultTheHubDoesNotKnow_IsQuotedAsStored()
    {
        var content = new EventContent { ProblemId = "PROB_1", Result = "skipped" };

        Assert.Equal("Worked on PROB_1, result skipped", EventSentence.Describe(EventType.Study, content, English));
        Assert.Equal("PROB_1 문제 풀이, 결과 skipped", EventSentence.Describe(EventType.Study, content, Korean));
    }

    [Theory]
    [InlineData(EventType.Test, "Scored 85 on a test on 분수의 덧셈 in 12 min, difficulty 0.48", "분수의 덧셈 시험에서 12분 만에 85점, 난이도 0.48")]
    [InlineData(EventType.Assessment, "Scored 85 on an assessment on 분수의 덧셈 in 12 min, difficulty 0.48", "분수의 덧셈 평가에서 12분 만에 85점, 난이도 0.48")]
    public void TestsAndAssessments_SayTheirScore_NotHintsNeverTaken(EventType type, string english, string korean)
    {
        var content = new EventContent
        {
            Action = "submitted_test", Concept = "분수의 덧셈", Result = "correct", Score = 85, TimeSpent = 720, Difficulty = 0.48, HintsUsed = 0,
            Other = new() { ["num_questions"] = JsonSerializer.SerializeToElement(20) },
        };

        Assert.Equal(english, EventSentence.Describe(type, content, English));
        Assert.Equal(korean, EventSentence.Describe(type, content, Korean));
    }

    [Fact]
    public void ATestWithoutScoreOrConcept_SaysItWasTaken_AndItsResult()
    {
        var content = new EventContent { Result = "partial", Score = null };

        Assert.Equal("Took a test, partly correct", EventSentence.Describe(EventType.Test, content, English));
        Assert.Equal("시험 응시, 부분 정답", EventSentence.Describe(EventType.Test, content, Korean));
        Assert.Equal("Scored 72.5 on an assessment", EventSentence.Describe(EventType.Assessment, new EventContent { Score = 72.5 }, English));
        Assert.Equal("평가에서 72.5점", EventSentence.Describe(EventType.Assessment, new EventContent { Score = 72.5 }, Korean));
    }

    [Fact]
    public void AnEventWithNothingToTell_IsNamedByItsType()
    {
        var empty = new EventContent();
        var watched = new EventContent { Action = "watched_video", Concept = "원", TimeSpent = 300 };

        Assert.Equal("Review activity", EventSentence.Describe(EventType.Review, empty, English));
        Assert.Equal("복습 활동", EventSentence.Describe(EventType.Review, empty, Korean));
        Assert.Equal("Study activity on 원, watched video, 5 min", EventSentence.Describe(EventType.Study, watched, English));
        Assert.Equal("원 학습 활동, watched video, 5분", EventSentence.Describe(EventType.Study, watched, Korean));
    }

    [Fact]
    public void BlankFields_CountAsMissing()
    {
        var content = new EventContent { ProblemId = "  ", Concept = "", Result = "correct" };

        Assert.Equal("Solved a problem correctly", EventSentence.Describe(EventType.Study, content, English));
    }

    [Fact]
    public void WithoutACulture_ItSpeaksTheCurrentUiCulture()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = Korean;
            Assert.Equal("PROB_456 문제를 3분 만에 정답, 힌트 1회, 난이도 0.65", EventSentence.Describe(EventType.Study, Problem("correct")));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
