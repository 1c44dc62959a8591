using StudentHub.Web.Interventions;

namespace StudentHub.Tests.Interventions;

/// <summary>
/// The knowledge-tracing model on synthetic histories with known answers, at the default parameters: p(L0) 0.3,
/// p(T) 0.1, slip 0.05–0.15 and guess 0.30–0.10 from easy to hard (0.10 and 0.20 at difficulty 0.5), partial credit
/// ½, a half-life of 365 days.
/// </summary>
public class MasteryModelTests
{
    private const string Quadratics = "이차함수";
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 3, 0, 0, TimeSpan.Zero);
    private static readonly MasteryModel Model = new(new MasteryOptions());

    [Fact]
    public void ACorrectAnswer_IsBayesRuleWithSlipAndGuess_ThenTheChanceOfLearning()
    {
        // p(L | correct) = 0.3 × 0.9 / (0.3 × 0.9 + 0.7 × 0.2) = 0.27 / 0.41; then + (1 − that) × 0.1.
        var posterior = 0.27 / 0.41;
        Assert.Equal(posterior + (1 - posterior) * 0.1, Model.Update(0.3, AttemptResult.Correct, 0.5), 12);
        Assert.Equal(0.692683, Model.Update(0.3, AttemptResult.Correct, null), 6);
    }

    [Fact]
    public void AnIncorrectAnswer_IsBayesRuleWithSlipAndGuess_ThenTheChanceOfLearning()
    {
        // p(L | incorrect) = 0.3 × 0.1 / (0.3 × 0.1 + 0.7 × 0.8) = 0.03 / 0.59.
        var posterior = 0.03 / 0.59;
        Assert.Equal(posterior + (1 - posterior) * 0.1, Model.Update(0.3, AttemptResult.Incorrect, 0.5), 12);
        Assert.Equal(0.145763, Model.Update(0.3, AttemptResult.Incorrect, null), 6);
    }

    [Fact]
    public void APartialAnswer_IsHalfOfEachPosterior_BetweenIncorrectAndCorrect()
    {
        var posterior = 0.5 * (0.27 / 0.41) + 0.5 * (0.03 / 0.59);
        var partial = Model.Update(0.3, AttemptResult.Partial, 0.5);

        Assert.Equal(posterior + (1 - posterior) * 0.1, partial, 12);
        Assert.InRange(partial, Model.Update(0.3, AttemptResult.Incorrect, 0.5), Model.Update(0.3, AttemptResult.Correct, 0.5));
    }

    [Fact]
    public void Difficulty_RaisesSlipAndLowersGuess_InAStraightLine()
    {
        Assert.Equal([0.05, 0.10, 0.15], new double?[] { 0, 0.5, 1 }.Select(d => Math.Round(Model.Slip(d), 12)));
        Assert.Equal([0.30, 0.20, 0.10], new double?[] { 0, 0.5, 1 }.Select(d => Math.Round(Model.Guess(d), 12)));
        // Unknown difficulty reads as middling; out-of-range values as the nearest end.
        Assert.Equal(Model.Slip(0.5), Model.Slip(null));
        Assert.Equal(Model.Guess(1), Model.Guess(7));
        Assert.Equal(Model.Slip(null), Model.Slip(double.NaN));
    }

    [Fact]
    public void AHardItem_SaysMoreWhenSolved_AndLessWhenMissed_ThanAnEasyOne()
    {
        // Solving a hard item is less likely a guess; missing it is more likely a slip.
        Assert.True(Model.Update(0.3, AttemptResult.Correct, 1) > Model.Update(0.3, AttemptResult.Correct, 0));
        Assert.True(Model.Update(0.3, AttemptResult.Incorrect, 1) > Model.Update(0.3, AttemptResult.Incorrect, 0));
        // At difficulty 1: 0.3 × 0.85 / (0.3 × 0.85 + 0.7 × 0.1).
        var posterior = 0.255 / 0.325;
        Assert.Equal(posterior + (1 - posterior) * 0.1, Model.Update(0.3, AttemptResult.Correct, 1), 12);
    }

    [Fact]
    public void Forgetting_HalvesTheDistanceFromThePriorEveryHalfLife_InBothDirections()
    {
        Assert.Equal(0.3 + (0.9 - 0.3) / 2, Model.Forget(0.9, TimeSpan.FromDays(365)), 12);
        Assert.Equal(0.3 + (0.9 - 0.3) / 4, Model.Forget(0.9, TimeSpan.FromDays(730)), 12);
        Assert.Equal(0.3 - (0.3 - 0.1) / 2, Model.Forget(0.1, TimeSpan.FromDays(365)), 12);
        Assert.Equal(0.3 + (0.9 - 0.3) * Math.Pow(2, -30 / 365.0), Model.Forget(0.9, TimeSpan.FromDays(30)), 12);
        Assert.Equal(0.9, Model.Forget(0.9, TimeSpan.Zero));
        Assert.Equal(0.9, Model.Forget(0.9, TimeSpan.FromHours(-1)));
    }

    [Fact]
    public void FailingEveryQuadraticFunctionItem_IsFarBelowTheTarget()
    {
        var estimate = Model.Estimate(Quadratics, Daily(Now.AddDays(-10), AttemptResult.Incorrect, 8), Now);

        Assert.True(estimate.Mastery < 0.15, $"mastery {estimate.Mastery}");
        Assert.Equal((8, 0, 0, 8), (estimate.Attempts, estimate.Correct, estimate.Partial, estimate.Incorrect));
        Assert.Equal((Now.AddDays(-10), Now.AddDays(-3)), (estimate.FirstSeen, estimate.LastSeen));
    }

    [Fact]
    public void SucceedingAtEveryQuadraticFunctionItem_ReachesTheTarget()
    {
        var estimate = Model.Estimate(Quadratics, Daily(Now.AddDays(-10), AttemptResult.Correct, 8), Now);

        Assert.True(estimate.Mastery > 0.95, $"mastery {estimate.Mastery}");
        Assert.Equal((8, 8, 0, 0), (estimate.Attempts, estimate.Correct, estimate.Partial, estimate.Incorrect));
    }

    [Fact]
    public void TwoCorrectAnswersInARow_ComputeByHand()
    {
        // 0.3 → 0.692683 (above); then 0.692683 × 0.9 / (0.692683 × 0.9 + 0.307317 × 0.2), + 10 % of the rest.
        var first = 0.27 / 0.41 + (1 - 0.27 / 0.41) * 0.1;
        var posterior = first * 0.9 / (first * 0.9 + (1 - first) * 0.2);
        var expected = posterior + (1 - posterior) * 0.1;

        var estimate = Model.Estimate(Quadratics, [new(Now, AttemptResult.Correct), new(Now, AttemptResult.Correct)], Now);

        Assert.Equal(expected, estimate.Mastery, 12);
        Assert.Equal(0.919231, estimate.Mastery, 6);
    }

    [Fact]
    public void OldFailuresThenRecentSuccesses_OutweighOldSuccessesThenRecentFailures()
    {
        var recovered = Model.Estimate(Quadratics,
            [.. Daily(Now.AddDays(-300), AttemptResult.Incorrect, 10), .. Daily(Now.AddDays(-5), AttemptResult.Correct, 3)], Now);
        var slipped = Model.Estimate(Quadratics,
            [.. Daily(Now.AddDays(-300), AttemptResult.Correct, 10), .. Daily(Now.AddDays(-5), AttemptResult.Incorrect, 3)], Now);

        Assert.True(recovered.Mastery > slipped.Mastery);
        // Three recent successes are enough to reach the target despite ten old failures; three recent failures sink it.
        Assert.True(recovered.Mastery >= 0.85, $"recovered {recovered.Mastery}");
        Assert.True(slipped.Mastery < 0.3, $"slipped {slipped.Mastery}");
        // Same attempts, other order: the plain share correct (10 of 13 vs 3 of 13) would say the opposite.
        Assert.Equal((13, 3, 10), (recovered.Attempts, recovered.Correct, recovered.Incorrect));
    }

    [Fact]
    public void OldFailures_WeighLessThanRecentOnes()
    {
        // The same history, lived 300 days ago instead of last week, then one success yesterday.
        Assert.True(
            Model.Estimate(Quadratics, [.. Daily(Now.AddDays(-300), AttemptResult.Incorrect, 5), new(Now.AddDays(-1), AttemptResult.Correct)], Now).Mastery >
            Model.Estimate(Quadratics, [.. Daily(Now.AddDays(-8), AttemptResult.Incorrect, 5), new(Now.AddDays(-1), AttemptResult.Correct)], Now).Mastery);
    }

    [Fact]
    public void PartialResults_LandBetweenFailuresAndSuccesses()
    {
        var failed = Model.Estimate(Quadratics, Daily(Now.AddDays(-10), AttemptResult.Incorrect, 6), Now);
        var partial = Model.Estimate(Quadratics, Daily(Now.AddDays(-10), AttemptResult.Partial, 6), Now);
        var solved = Model.Estimate(Quadratics, Daily(Now.AddDays(-10), AttemptResult.Correct, 6), Now);

        Assert.True(failed.Mastery < partial.Mastery && partial.Mastery < solved.Mastery);
        Assert.Equal(6, partial.Partial);
    }

    [Fact]
    public void KnowledgeFades_TowardThePrior_AsTimePassesWithoutPractice()
    {
        var attempts = Daily(Now.AddDays(-10), AttemptResult.Correct, 8);
        var today = Model.Estimate(Quadratics, attempts, Now).Mastery;
        var aTermLater = Model.Estimate(Quadratics, attempts, Now.AddDays(150)).Mastery;
        var aYearLater = Model.Estimate(Quadratics, attempts, Now.AddDays(365)).Mastery;
        var yearsLater = Model.Estimate(Quadratics, attempts, Now.AddDays(3650)).Mastery;

        Assert.True(today > 0.99, $"today {today}");
        Assert.True(aTermLater < 0.85, $"mastered once, then left alone for five months: below the target again ({aTermLater})");
        Assert.Equal(0.3 + (today - 0.3) / 2, aYearLater, 12);
        Assert.Equal(0.3 + (today - 0.3) / 1024, yearsLater, 12);
    }

    [Fact]
    public void TheTimeBetweenAttempts_FadesTheEstimateBeforeTheNextOne()
    {
        var quick = Model.Estimate(Quadratics, [new(Now.AddDays(-1), AttemptResult.Correct), new(Now.AddDays(-1), AttemptResult.Correct)], Now);
        var apart = Model.Estimate(Quadratics, [new(Now.AddDays(-181), AttemptResult.Correct), new(Now.AddDays(-1), AttemptResult.Correct)], Now);

        var first = Model.Update(0.3, AttemptResult.Correct, null);
        var expected = Model.Forget(Model.Update(Model.Forget(first, TimeSpan.FromDays(180)), AttemptResult.Correct, null), TimeSpan.FromDays(1));
        Assert.Equal(expected, apart.Mastery, 12);
        Assert.True(apart.Mastery < quick.Mastery);
    }

    [Fact]
    public void OtherParameters_AreUsed()
    {
        var model = new MasteryModel(new MasteryOptions { PriorKnowledge = 0.5, Learn = 0, SlipEasy = 0.2, SlipHard = 0.2, GuessEasy = 0.2, GuessHard = 0.2 });

        // Symmetric slip and guess, no learning: one correct answer from 0.5 gives 0.8, one incorrect then brings it back.
        Assert.Equal(0.8, model.Update(0.5, AttemptResult.Correct, 0.9), 12);
        Assert.Equal(0.5, model.Estimate(Quadratics, [new(Now, AttemptResult.Correct), new(Now, AttemptResult.Incorrect)], Now).Mastery, 12);
    }

    [Fact]
    public void DefaultParameters_AreInRange_AndOutOfRangeOnesAreNamed()
    {
        Assert.Null(new MasteryOptions().Problem());
        Assert.Equal("SlipEasy and SlipHard must be between 0 and 0.5.", new MasteryOptions { SlipHard = 0.6 }.Problem());
        Assert.Equal("HalfLifeDays must be positive.", new MasteryOptions { HalfLifeDays = 0 }.Problem());
        Assert.Null(new AutoInterventionOptions().Problem());
        Assert.NotNull(new AutoInterventionOptions { MinAttempts = 0 }.Problem());
    }

    [Fact]
    public void NoAttempts_IsNotAnEstimate()
    {
        Assert.Throws<ArgumentException>(() => Model.Estimate(Quadratics, [], Now));
    }

    [Theory]
    [InlineData(0.75, 15)]
    [InlineData(0.4, 8)]
    [InlineData(0.41, 9)]
    [InlineData(0.05, 3)]
    [InlineData(0.001, 3)]
    public void PracticeProblems_AreTheGapTimesTwenty_RoundedUp_AtLeastThree(double gap, int problems)
    {
        Assert.Equal(problems, AutoInterventions.ProblemsFor(gap, new AutoInterventionOptions()));
    }

    /// <summary><paramref name="count"/> attempts a day apart from <paramref name="from"/>, at middling difficulty.</summary>
    private static List<MasteryAttempt> Daily(DateTimeOffset from, AttemptResult result, int count) =>
        Enumerable.Range(0, count).Select(i => new MasteryAttempt(from.AddDays(i), result)).ToList();
}
