namespace StudentHub.Web.Interventions;

public enum AttemptResult
{
    Incorrect,
    Partial,
    Correct,
}

/// <summary>One graded attempt at a concept.</summary>
/// <param name="Difficulty">0 (easy) to 1 (hard); null when the node did not say, which reads as 0.5.</param>
public readonly record struct MasteryAttempt(DateTimeOffset OccurredAt, AttemptResult Result, double? Difficulty = null)
{
    /// <summary>The result as the nodes spell it (<c>correct</c>, <c>partial</c>, <c>incorrect</c>); null for anything else.</summary>
    public static AttemptResult? ParseResult(string? result) => result switch
    {
        "correct" => AttemptResult.Correct,
        "partial" => AttemptResult.Partial,
        "incorrect" => AttemptResult.Incorrect,
        _ => null,
    };
}

/// <summary>What the model makes of one concept's attempts.</summary>
/// <param name="Mastery">p(L): the chance the student knows the concept now.</param>
public sealed record ConceptEstimate(
    string Concept,
    double Mastery,
    int Attempts,
    int Correct,
    int Partial,
    int Incorrect,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);

/// <summary>
/// Bayesian Knowledge Tracing (Corbett &amp; Anderson 1995) for one concept at a time, with three published
/// refinements: guess and slip depend on the item's difficulty (after KT-IDEM, Pardos &amp; Heffernan 2011), a partial
/// result is soft evidence (Jeffrey's rule), and what the evidence says fades with time back toward the prior (after
/// Qiu et al. 2011's time-aware forgetting). Pure and deterministic; <c>docs/mastery.md</c> gives the formulas.
/// </summary>
public sealed class MasteryModel(MasteryOptions options)
{
    /// <summary>
    /// Folds <paramref name="attempts"/> (oldest first) into p(L) as of <paramref name="now"/>: before each attempt
    /// the estimate fades for the time since the previous one, and after the last it fades until now.
    /// </summary>
    public ConceptEstimate Estimate(string concept, IReadOnlyList<MasteryAttempt> attempts, DateTimeOffset now)
    {
        if (attempts.Count == 0)
            throw new ArgumentException("A concept needs at least one attempt.", nameof(attempts));

        var known = options.PriorKnowledge;
        int correct = 0, partial = 0, incorrect = 0;
        for (var i = 0; i < attempts.Count; i++)
        {
            var attempt = attempts[i];
            if (i > 0)
                known = Forget(known, attempt.OccurredAt - attempts[i - 1].OccurredAt);
            known = Update(known, attempt.Result, attempt.Difficulty);
            switch (attempt.Result)
            {
                case AttemptResult.Correct: correct++; break;
                case AttemptResult.Partial: partial++; break;
                default: incorrect++; break;
            }
        }
        known = Forget(known, now - attempts[^1].OccurredAt);
        return new ConceptEstimate(concept, known, attempts.Count, correct, partial, incorrect, attempts[0].OccurredAt, attempts[^1].OccurredAt);
    }

    /// <summary>One BKT step: the posterior given the result, then the chance of learning from the attempt.</summary>
    public double Update(double known, AttemptResult result, double? difficulty)
    {
        var slip = Slip(difficulty);
        var guess = Guess(difficulty);
        var ifCorrect = known * (1 - slip) / (known * (1 - slip) + (1 - known) * guess);
        var ifIncorrect = known * slip / (known * slip + (1 - known) * (1 - guess));
        var posterior = result switch
        {
            AttemptResult.Correct => ifCorrect,
            AttemptResult.Incorrect => ifIncorrect,
            // Jeffrey's rule: a partial result is "correct" with weight PartialCredit, "incorrect" with the rest.
            _ => options.PartialCredit * ifCorrect + (1 - options.PartialCredit) * ifIncorrect,
        };
        return posterior + (1 - posterior) * options.Learn;
    }

    /// <summary>
    /// p(L) after <paramref name="elapsed"/> without practice: its distance from p(L0) halves every
    /// <see cref="MasteryOptions.HalfLifeDays"/>, so old knowledge fades and old failures weigh less alike.
    /// </summary>
    public double Forget(double known, TimeSpan elapsed)
    {
        if (elapsed <= TimeSpan.Zero)
            return known;
        return options.PriorKnowledge + (known - options.PriorKnowledge) * Math.Pow(2, -elapsed.TotalDays / options.HalfLifeDays);
    }

    /// <summary>p(S) for an item of this difficulty: a straight line from the easiest item's to the hardest's.</summary>
    public double Slip(double? difficulty) => Between(options.SlipEasy, options.SlipHard, difficulty);

    /// <summary>p(G) for an item of this difficulty.</summary>
    public double Guess(double? difficulty) => Between(options.GuessEasy, options.GuessHard, difficulty);

    private static double Between(double easy, double hard, double? difficulty) =>
        easy + (hard - easy) * Math.Clamp(difficulty is { } d && double.IsFinite(d) ? d : 0.5, 0, 1);
}
