using System.Globalization;
using System.Resources;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Timeline;

/// <summary>
/// A learning event told in one sentence, from <c>EventSentence.resx</c>: "Solved PROB_456 correctly in 3 min, 1 hint,
/// difficulty 0.65" / "PROB_456 문제를 3분 만에 정답, 힌트 1회, 난이도 0.65". Only what the content carries is said:
/// a missing field leaves no gap, a result the hub does not know is quoted as stored.
/// </summary>
public sealed class EventSentence
{
    private static readonly ResourceManager Resources = new(typeof(EventSentence).FullName!, typeof(EventSentence).Assembly);

    private static readonly string[] KnownResults = ["correct", "incorrect", "partial"];

    private readonly CultureInfo _culture;

    private EventSentence(CultureInfo culture) => _culture = culture;

    /// <summary>The sentence in <paramref name="culture"/>, by default the current UI culture.</summary>
    public static string Describe(EventType type, EventContent content, CultureInfo? culture = null) =>
        new EventSentence(culture ?? CultureInfo.CurrentUICulture).Build(type, content);

    private string Build(EventType type, EventContent content)
    {
        var problemId = Present(content.ProblemId);
        var concept = Present(content.Concept);
        var storedResult = Present(content.Result);
        var result = KnownResults.Contains(storedResult) ? storedResult : null;
        var time = content.TimeSpent is >= 0 and var seconds ? Duration(seconds) : null;
        var details = new List<string>();
        string headline;

        if (type is EventType.Test or EventType.Assessment && problemId is null)
        {
            // A whole test: its score says how it went; a test reported with a result only says that instead.
            var noun = concept is null ? Text($"Noun_{Code(type)}") : Format($"NounOn_{Code(type)}", concept);
            if (content.Score is { } score)
                headline = time is null ? Format("Scored", Number(score, "0.#"), noun) : Format("ScoredTimed", Number(score, "0.#"), noun, time);
            else
            {
                headline = time is null ? Format("Took", noun) : Format("TookTimed", noun, time);
                if (result is not null)
                    details.Add(Text($"Result_{result}"));
            }
            // Tests are taken without hints: "no hints" would say nothing.
            if (content.HintsUsed is > 0 and var hints)
                details.Add(Hints(hints));
        }
        else if (problemId is not null || storedResult is not null)
        {
            var problem = problemId is not null ? Format("Problem", problemId)
                : concept is not null ? Format("ProblemOn", concept)
                : Text("AProblem");
            var key = $"Solved_{result ?? "none"}";
            headline = time is null ? Format(key, problem) : Format(key + "Timed", problem, time);
            if (content.HintsUsed is >= 0 and var hints)
                details.Add(Hints(hints));
            if (content.Score is { } score)
                details.Add(Format("Score", Number(score, "0.#")));
        }
        else
        {
            headline = concept is null ? Text($"Activity_{Code(type)}") : Format($"ActivityOn_{Code(type)}", concept);
            if (Present(content.Action) is { } action)
                details.Add(action.Replace('_', ' '));
            if (time is not null)
                details.Add(time);
            if (content.HintsUsed is > 0 and var hints)
                details.Add(Hints(hints));
            if (content.Score is { } score)
                details.Add(Format("Score", Number(score, "0.#")));
        }

        if (storedResult is not null && result is null)
            details.Add(Format("OtherResult", storedResult));
        if (content.Difficulty is { } difficulty)
            details.Add(Format("Difficulty", Number(difficulty, "0.##")));
        return string.Join(", ", [headline, .. details]);
    }

    private string Duration(int seconds)
    {
        if (seconds < 60)
            return Format("Seconds", seconds);
        var minutes = (int)Math.Round(seconds / 60.0, MidpointRounding.AwayFromZero);
        return minutes < 60 ? Format("Minutes", minutes)
            : minutes % 60 == 0 ? Format("Hours", minutes / 60)
            : Format("HoursMinutes", minutes / 60, minutes % 60);
    }

    private string Hints(int hints) => hints switch
    {
        0 => Text("Hints_None"),
        1 => Text("Hints_One"),
        _ => Format("Hints_Many", hints),
    };

    private string Number(double value, string format) => value.ToString(format, _culture);

    private static string Code(EventType type) => type.ToString().ToLowerInvariant();

    private static string? Present(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private string Text(string key) => Resources.GetString(key, _culture) ?? key;

    private string Format(string key, params object[] values) => string.Format(_culture, Text(key), values);
}
