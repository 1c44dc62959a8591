using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Demo;

/// <summary>
/// One student's year on the platform, drawn from a hidden skill model. Every concept has a skill: general
/// ability plus a per-concept offset (a few concepts markedly weak, a few strong), growing slightly over the
/// year; a result is correct with probability logistic(skill − 4·(difficulty − 0.5)). Weak areas are therefore
/// real, and a mastery model computed from the events finds them. Hints and time spent rise with difficulty
/// and with failure.
/// </summary>
internal sealed class StudentActivity
{
    // The density of sessions rises linearly over the window: the last month is twice as busy as the first.
    private const double RecentDensityIncrease = 1.0;
    private const double PriorGradeShare = 0.12;
    private const double WeakConceptShare = 0.2;
    private const double StrongConceptShare = 0.1;

    private static readonly JsonSerializerOptions InterventionJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly DemoStudent _student;
    private readonly Random _random;
    private readonly DateTime _now;
    private readonly int _lastSchoolYear;
    private readonly double _ability;
    private readonly double _growth;
    private readonly double[] _conceptOffsets;
    private readonly List<DemoEvent> _events = [];
    private readonly List<MathConcept> _eventConcepts = [];
    private readonly StringBuilder _json = new(256);

    public StudentActivity(DemoStudent student, int seed, DateTime now)
    {
        _student = student;
        _random = new Random(seed);
        _now = now;
        _lastSchoolYear = KoreanCalendar.SchoolYear(student.ActiveUntil.AddSeconds(-1) + KoreanCalendar.Offset);
        _ability = 0.6 + 0.7 * DemoRandom.NextGaussian(_random);
        _growth = 0.2 + 0.7 * _random.NextDouble();
        _conceptOffsets = new double[KoreanMathCurriculum.All.Count];
        Array.Fill(_conceptOffsets, double.NaN);
    }

    /// <summary>The student's events (call once), oldest first, in sessions of one node and mostly one concept.</summary>
    public IReadOnlyList<DemoEvent> GenerateEvents(int count)
    {
        var sessions = new List<(DateTime Start, SourceNode Node, int Size)>();
        for (var remaining = count; remaining > 0;)
        {
            var node = SourceNode.Pick(_random);
            var size = Math.Min(remaining, _random.Next(node.MinEventsPerSession, node.MaxEventsPerSession + 1));
            sessions.Add((SessionStart(node), node, size));
            remaining -= size;
        }
        sessions.Sort((a, b) => a.Start.CompareTo(b.Start));

        for (var s = 0; s < sessions.Count; s++)
        {
            var (start, node, size) = sessions[s];
            var sourceId = node.SourceIdPrefix + ((_student.Index + 1L) * 1000 + s);
            var first = _events.Count;
            var concept = ChooseConcept(node, start);
            var occurredAt = start;
            for (var i = 0; i < size; i++)
            {
                if (i > 0 && _random.NextDouble() < 0.2)
                    concept = ChooseConcept(node, occurredAt);
                var eventType = node.SecondaryEventType is { } secondary && _random.NextDouble() < node.SecondaryShare
                    ? secondary
                    : node.EventType;
                var seconds = eventType is EventType.Test or EventType.Assessment
                    ? WriteTestContent(eventType, concept, occurredAt)
                    : WriteProblemContent(eventType, concept, occurredAt);
                _events.Add(new DemoEvent(occurredAt, default, eventType, node.Number, sourceId, _json.ToString()));
                _eventConcepts.Add(concept);
                occurredAt = occurredAt.AddSeconds(seconds + _random.Next(15, 120));
            }
            FinishSession(first);
        }
        return _events;
    }

    /// <summary>An intervention aimed at the concepts the student was really weakest at when it was created.</summary>
    public DemoIntervention CreateIntervention(InterventionType type, InterventionStatus status)
    {
        var (start, end) = (_student.ActiveFrom, _student.ActiveUntil);
        var span = end - start;
        var createdAt = status switch
        {
            InterventionStatus.Active => end - TimeSpan.FromDays(1 + 44 * _random.NextDouble()),
            InterventionStatus.Paused => end - TimeSpan.FromDays(20 + 100 * _random.NextDouble()),
            InterventionStatus.Completed => start + span * (0.25 + 0.45 * _random.NextDouble()),
            _ => start + span * (0.2 + 0.6 * _random.NextDouble()),
        };
        createdAt = WholeSeconds(Clamp(createdAt, start, end.AddHours(-1)));
        DateTime? completedAt = status == InterventionStatus.Completed
            ? WholeSeconds(Clamp(createdAt + TimeSpan.FromDays(14 + 28 * _random.NextDouble()), createdAt, end.AddHours(-1)))
            : null;

        var weakest = FindWeakestConcepts(createdAt, type == InterventionType.Auto ? 3 : 2);
        var path = new List<LearningPathStep>();
        foreach (var (concept, _) in weakest)
        {
            path.Add(new LearningPathStep
            {
                Step = path.Count + 1,
                Activity = "review_concept",
                Concept = concept.Name,
                EstimatedDuration = 60 * _random.Next(20, 41),
            });
            var problems = _random.Next(8, 16);
            path.Add(new LearningPathStep
            {
                Step = path.Count + 1,
                Activity = "practice",
                ProblemSetId = $"PS_{concept.Id:D3}{_random.Next(1000):D3}",
                NumProblems = problems,
                EstimatedDuration = 60 * (int)Math.Ceiling(problems * _random.Next(150, 241) / 60.0),
            });
        }
        path.Add(new LearningPathStep
        {
            Step = path.Count + 1,
            Activity = "assessment",
            ProblemSetId = $"AS_{_random.Next(100000):D5}",
            NumProblems = 10,
            EstimatedDuration = 1800,
        });
        var completed = status switch
        {
            InterventionStatus.Completed => path.Count,
            InterventionStatus.Paused => _random.Next(1, path.Count),
            _ => _random.Next(0, path.Count),
        };
        // The steps done are the first ones, ticked at even intervals since the start: progress is counted from
        // them, and the last tick is when the intervention last progressed.
        var doneBy = completedAt ?? WholeSeconds(Clamp(createdAt + TimeSpan.FromDays(1 + 13 * _random.NextDouble()), createdAt, end.AddHours(-1)));
        DateTime? progressedAt = null;
        for (var i = 0; i < completed; i++)
        {
            progressedAt = WholeSeconds(createdAt + (doneBy - createdAt) * ((i + 1.0) / completed));
            path[i].CompletedAt = new DateTimeOffset(progressedAt.Value, TimeSpan.Zero);
        }

        return new DemoIntervention(
            DemoRandom.NextVersion7Guid(_random, createdAt),
            _student.Id,
            type,
            status,
            JsonSerializer.Serialize(
                weakest.Select((w, i) => new WeakArea
                {
                    Concept = w.Concept.Name,
                    CurrentMastery = w.Mastery,
                    TargetMastery = 0.85,
                    Priority = i + 1,
                }),
                InterventionJson),
            JsonSerializer.Serialize(path, InterventionJson),
            JsonSerializer.Serialize(new InterventionProgress { Completed = completed, Total = path.Count }, InterventionJson),
            createdAt,
            completedAt,
            progressedAt);
    }

    /// <summary>
    /// Up to <paramref name="most"/> concepts the student had practised by <paramref name="at"/> whose mastery was
    /// below the 0.85 target, weakest first (the weakest one regardless, should every concept be above it).
    /// </summary>
    private List<(MathConcept Concept, double Mastery)> FindWeakestConcepts(DateTime at, int most)
    {
        var practised = new Dictionary<MathConcept, int>();
        for (var i = 0; i < _events.Count && _events[i].OccurredAt < at; i++)
            practised[_eventConcepts[i]] = practised.GetValueOrDefault(_eventConcepts[i]) + 1;
        var candidates = practised.Where(p => p.Value >= 2).Select(p => p.Key).ToList();
        if (candidates.Count == 0)
            candidates = [.. KoreanMathCurriculum.ForGrade(GradeAt(at + KoreanCalendar.Offset))];

        var ranked = candidates
            .Select(c => (Concept: c, Mastery: Math.Round(Mastery(c, at), 2)))
            .OrderBy(c => c.Mastery)
            .ThenBy(c => c.Concept.Id)
            .ToList();
        var weakest = ranked.Where(c => c.Mastery < 0.85).Take(_random.Next(1, most + 1)).ToList();
        return weakest.Count > 0 ? weakest : [ranked[0]];
    }

    private DateTime SessionStart(SourceNode node)
    {
        var end = _student.ActiveUntil;
        var u = _random.NextDouble();
        var position = (Math.Sqrt(1 + RecentDensityIncrease * (2 + RecentDensityIncrease) * u) - 1) / RecentDensityIncrease;
        var koreanDay = (_student.ActiveFrom + (end - _student.ActiveFrom) * position + KoreanCalendar.Offset).Date;
        if (node.DuringSchoolHours)
        {
            if (koreanDay.DayOfWeek == DayOfWeek.Saturday)
                koreanDay = koreanDay.AddDays(-1);
            else if (koreanDay.DayOfWeek == DayOfWeek.Sunday)
                koreanDay = koreanDay.AddDays(1);
        }
        var weekend = koreanDay.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var hour = node.DuringSchoolHours ? 9 + 7 * _random.NextDouble()
            : weekend ? 10 + 12 * _random.NextDouble()
            // After school, peaking in the evening.
            : 16 + 7.5 * (_random.NextDouble() + _random.NextDouble()) / 2;
        var start = WholeSeconds(koreanDay.AddHours(hour) - KoreanCalendar.Offset);
        while (start >= end)
            start = start.AddDays(-1);
        while (start < _student.ActiveFrom)
            start = start.AddDays(1);
        return start;
    }

    /// <summary>
    /// Moves a session that would run past the end of the window back before it, and stamps each event's
    /// created_at (when the hub received it) a moment after it occurred.
    /// </summary>
    private void FinishSession(int first)
    {
        var end = _student.ActiveUntil;
        var overrun = _events[^1].OccurredAt - end;
        var shift = overrun >= TimeSpan.Zero ? overrun + TimeSpan.FromMinutes(_random.Next(5, 60)) : TimeSpan.Zero;
        for (var i = first; i < _events.Count; i++)
        {
            var occurredAt = _events[i].OccurredAt - shift;
            var createdAt = Clamp(occurredAt.AddSeconds(_random.Next(1, 90)), occurredAt, _now);
            _events[i] = _events[i] with { OccurredAt = occurredAt, CreatedAt = createdAt };
        }
    }

    /// <summary>
    /// The concept a session works on: mostly the unit the student's class is on at that time of the school
    /// year (or one already taught), sometimes last year's material; review and coaching favour the weakest.
    /// </summary>
    private MathConcept ChooseConcept(SourceNode node, DateTime at)
    {
        var koreanTime = at + KoreanCalendar.Offset;
        var grade = GradeAt(koreanTime);
        if (grade > 1 && _random.NextDouble() < PriorGradeShare)
        {
            var lastYear = KoreanMathCurriculum.ForGrade(grade - 1);
            return lastYear[_random.Next(lastYear.Count)];
        }

        var concepts = KoreanMathCurriculum.ForGrade(grade);
        var schoolYear = KoreanCalendar.SchoolYear(koreanTime);
        var yearFraction = (koreanTime - new DateTime(schoolYear, 3, 1)).TotalDays / 365;
        var taught = 1;
        while (taught < concepts.Count && concepts[taught].TaughtAt <= yearFraction + 0.05)
            taught++;

        if (node.TargetsWeakConcepts && _random.NextDouble() < 0.5)
        {
            var weakest = concepts[0];
            for (var i = 1; i < taught; i++)
                if (Skill(concepts[i], at) < Skill(weakest, at))
                    weakest = concepts[i];
            return weakest;
        }

        Span<double> weights = stackalloc double[concepts.Count];
        var total = 0.0;
        for (var i = 0; i < concepts.Count; i++)
        {
            var distance = yearFraction - concepts[i].TaughtAt;
            weights[i] = i < taught ? 0.3 + 3 * Math.Exp(-distance * distance / (2 * 0.08 * 0.08)) : 0.05;
            total += weights[i];
        }
        var pick = _random.NextDouble() * total;
        for (var i = 0; i < concepts.Count; i++)
        {
            pick -= weights[i];
            if (pick < 0)
                return concepts[i];
        }
        return concepts[^1];
    }

    /// <summary>Writes a one-problem event's content into <see cref="_json"/> and returns the seconds it took.</summary>
    private int WriteProblemContent(EventType eventType, MathConcept concept, DateTime at)
    {
        var problem = _random.Next(KoreanMathCurriculum.ProblemsPerConcept);
        var difficultyPercent = KoreanMathCurriculum.ProblemDifficulty(concept, problem);
        var difficulty = difficultyPercent / 100.0;
        var result = DrawResult(concept, difficulty, at);
        var hintMean = 0.15 + 1.6 * difficulty + (result == "correct" ? 0 : 0.8) + (eventType == EventType.Intervention ? 0.4 : 0);
        var hints = Math.Min(5, DemoRandom.NextPoisson(_random, hintMean));
        var failureSlowdown = result switch { "correct" => 1.0, "partial" => 1.25, _ => 1.4 };
        var seconds = (int)Math.Clamp(
            (40 + 260 * difficulty) * Math.Exp(0.35 * DemoRandom.NextGaussian(_random)) * failureSlowdown + 20 * hints, 8, 1800);

        var action = eventType switch
        {
            EventType.Study => "solved_problem",
            EventType.Review => "reviewed_problem",
            _ => "completed_exercise",
        };
        _json.Clear()
            .Append("{\"action\":\"").Append(action)
            .Append("\",\"problem_id\":\"PROB_").Append(concept.Id.ToString("D3")).Append(problem.ToString("D3"))
            .Append("\",\"concept\":\"").Append(concept.JsonName)
            .Append("\",\"result\":\"").Append(result)
            .Append("\",\"time_spent\":").Append(seconds)
            .Append(",\"difficulty\":");
        AppendHundredths(difficultyPercent);
        _json.Append(",\"hints_used\":").Append(hints).Append('}');
        return seconds;
    }

    /// <summary>Writes a whole test's content (score out of 100, no hints) and returns the seconds it took.</summary>
    private int WriteTestContent(EventType eventType, MathConcept concept, DateTime at)
    {
        var questions = eventType == EventType.Test ? 20 : 10;
        var difficultyPercent = (int)Math.Round(100 * Math.Clamp(concept.Difficulty + 0.08 * DemoRandom.NextGaussian(_random), 0.05, 0.95));
        var difficulty = difficultyPercent / 100.0;
        var correctAnswers = DemoRandom.NextBinomial(_random, questions, CorrectProbability(concept, difficulty, at));
        var score = (int)Math.Round(100.0 * correctAnswers / questions);
        var result = score >= 80 ? "correct" : score >= 50 ? "partial" : "incorrect";
        var seconds = (int)Math.Clamp(
            questions * (50 + 110 * difficulty) * Math.Exp(0.2 * DemoRandom.NextGaussian(_random)), 120, 3600);

        _json.Clear()
            .Append("{\"action\":\"").Append(eventType == EventType.Test ? "submitted_test" : "completed_assessment")
            .Append("\",\"concept\":\"").Append(concept.JsonName)
            .Append("\",\"result\":\"").Append(result)
            .Append("\",\"score\":").Append(score)
            .Append(",\"num_questions\":").Append(questions)
            .Append(",\"correct_answers\":").Append(correctAnswers)
            .Append(",\"time_spent\":").Append(seconds)
            .Append(",\"difficulty\":");
        AppendHundredths(difficultyPercent);
        _json.Append(",\"hints_used\":0}");
        return seconds;
    }

    private string DrawResult(MathConcept concept, double difficulty, DateTime at)
    {
        var correct = CorrectProbability(concept, difficulty, at);
        var u = _random.NextDouble();
        // Of the problems not solved, about a third are partly right.
        return u < correct ? "correct" : u < correct + (1 - correct) * 0.3 ? "partial" : "incorrect";
    }

    private void AppendHundredths(int hundredths) =>
        _json.Append(hundredths / 100).Append('.').Append((hundredths % 100).ToString("D2"));

    private double CorrectProbability(MathConcept concept, double difficulty, DateTime at) =>
        DemoRandom.Logistic(Skill(concept, at) - 4 * (difficulty - 0.5));

    /// <summary>The chance of solving a typical problem of the concept: what a mastery model should estimate.</summary>
    private double Mastery(MathConcept concept, DateTime at) => CorrectProbability(concept, concept.Difficulty, at);

    private double Skill(MathConcept concept, DateTime at)
    {
        var offset = _conceptOffsets[concept.Id];
        if (double.IsNaN(offset))
        {
            offset = 0.6 * DemoRandom.NextGaussian(_random);
            var u = _random.NextDouble();
            if (u < WeakConceptShare)
                offset -= 1.4;
            else if (u < WeakConceptShare + StrongConceptShare)
                offset += 0.8;
            _conceptOffsets[concept.Id] = offset;
        }
        var progress = (at - _student.ActiveFrom) / (_student.ActiveUntil - _student.ActiveFrom);
        return _ability + offset + _growth * progress;
    }

    /// <summary>The grade the student was in at a Korean local time (grade 1 students "were" in grade 1 last year too).</summary>
    private int GradeAt(DateTime koreanTime) => Math.Max(1, _student.Grade - (_lastSchoolYear - KoreanCalendar.SchoolYear(koreanTime)));

    private static DateTime WholeSeconds(DateTime time) =>
        new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static DateTime Clamp(DateTime value, DateTime min, DateTime max) =>
        value < min ? min : value > max ? max : value;
}
