namespace StudentHub.Web.Interventions;

/// <summary>
/// The <c>Interventions:Mastery</c> section: the knowledge-tracing model's parameters and the history it reads.
/// <c>docs/mastery.md</c> explains each value and why it was chosen.
/// </summary>
public sealed class MasteryOptions
{
    public const string Section = "Interventions:Mastery";

    /// <summary>The mastery a concept should reach: the design document's <c>target_mastery</c>.</summary>
    public double Target { get; set; } = 0.85;

    /// <summary>p(L0): the chance a student already knows a concept before the first attempt we see.</summary>
    public double PriorKnowledge { get; set; } = 0.3;

    /// <summary>p(T): the chance an attempt teaches the concept to a student who did not know it.</summary>
    public double Learn { get; set; } = 0.1;

    /// <summary>p(S) of the easiest item (difficulty 0): a student who knows the concept still gets it wrong.</summary>
    public double SlipEasy { get; set; } = 0.05;

    /// <summary>p(S) of the hardest item (difficulty 1).</summary>
    public double SlipHard { get; set; } = 0.15;

    /// <summary>p(G) of the easiest item: a student who does not know the concept still gets it right.</summary>
    public double GuessEasy { get; set; } = 0.3;

    /// <summary>p(G) of the hardest item.</summary>
    public double GuessHard { get; set; } = 0.1;

    /// <summary>The weight a partial result gives the "correct" reading (Jeffrey's rule; the rest goes to "incorrect").</summary>
    public double PartialCredit { get; set; } = 0.5;

    /// <summary>
    /// Days after which half of what the evidence says (above or below p(L0)) has faded: a year, so a concept
    /// mastered and then left alone for a semester (about four months) is below the target again, due for review.
    /// </summary>
    public double HalfLifeDays { get; set; } = 365;

    /// <summary>How far back the model reads a student's history.</summary>
    public int WindowDays { get; set; } = 365;

    /// <summary>At most this many of a concept's newest attempts are read: enough for the estimate to settle.</summary>
    public int MaxAttemptsPerConcept { get; set; } = 100;

    /// <summary>The first value out of range, or null: each probability stays strictly inside its bounds so no update divides by zero.</summary>
    public string? Problem() =>
        !(Target is > 0 and <= 1) ? "Target must be above 0 and at most 1."
        : !(PriorKnowledge is > 0 and < 1) ? "PriorKnowledge must be between 0 and 1."
        : !(Learn is >= 0 and < 1) ? "Learn must be at least 0 and below 1."
        // Baker, Corbett & Aleven (2008): a slip or guess above 0.5 makes a "degenerate" model, where a correct answer lowers mastery.
        : !(SlipEasy is > 0 and < 0.5 && SlipHard is > 0 and < 0.5) ? "SlipEasy and SlipHard must be between 0 and 0.5."
        : !(GuessEasy is > 0 and < 0.5 && GuessHard is > 0 and < 0.5) ? "GuessEasy and GuessHard must be between 0 and 0.5."
        : !(PartialCredit is >= 0 and <= 1) ? "PartialCredit must be from 0 to 1."
        : !(HalfLifeDays > 0) ? "HalfLifeDays must be positive."
        : WindowDays < 1 || MaxAttemptsPerConcept < 1 ? "WindowDays and MaxAttemptsPerConcept must be at least 1."
        : null;
}

/// <summary>The <c>Interventions:Auto</c> section: when the <see cref="AutoInterventions"/> job acts, and how it sizes a plan.</summary>
public sealed class AutoInterventionOptions
{
    public const string Section = "Interventions:Auto";

    /// <summary>A concept is judged only with at least this many attempts in the model's window: fewer say too little.</summary>
    public int MinAttempts { get; set; } = 5;

    /// <summary>Students read and written per round trip, which bounds the job's memory.</summary>
    public int StudentsPerBatch { get; set; } = 200;

    /// <summary>A practice step has ⌈gap × this⌉ problems: 20 gives 15 problems for a gap of 0.75 (mastery 0.10).</summary>
    public int ProblemsPerGap { get; set; } = 20;

    /// <summary>The fewest problems a practice step has, however small the gap.</summary>
    public int MinProblems { get; set; } = 3;

    /// <summary>Seconds per practice problem: the design document's example plans 10 problems in 2,400 s.</summary>
    public int SecondsPerProblem { get; set; } = 240;

    /// <summary>Seconds for a concept review: the design document's example plans 1,800 s.</summary>
    public int ReviewSeconds { get; set; } = 1800;

    public string? Problem() =>
        MinAttempts < 1 || StudentsPerBatch < 1 || ProblemsPerGap < 1 || MinProblems < 1 || SecondsPerProblem < 1 || ReviewSeconds < 1
            ? "every setting must be at least 1."
            : null;
}
