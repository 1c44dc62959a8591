using System.Globalization;
using StudentHub.Data.Entities;
using StudentHub.Web.Interventions;
using static StudentHub.Data.Entities.InterventionStatus;

namespace StudentHub.Tests.Interventions;

/// <summary>The lifecycle table, pair by pair, and progress and "stalled" as the rules define them.</summary>
public class InterventionRulesTests
{
    public InterventionRulesTests() =>
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");

    /// <summary>Every ordered pair of the four statuses, and what the rules answer: null (allowed) or the reason.</summary>
    public static TheoryData<InterventionStatus, InterventionStatus, string?> EveryPair => new()
    {
        { Active, Active, "Its status is already “Active”." },
        { Active, Paused, null },
        { Active, Completed, null },
        { Active, Cancelled, null },
        { Paused, Active, null },
        { Paused, Paused, "Its status is already “Paused”." },
        { Paused, Completed, null },
        { Paused, Cancelled, null },
        { Completed, Active, "A completed intervention is final: it can no longer change." },
        { Completed, Paused, "A completed intervention is final: it can no longer change." },
        { Completed, Completed, "A completed intervention is final: it can no longer change." },
        { Completed, Cancelled, "A completed intervention is final: it can no longer change." },
        { Cancelled, Active, "A cancelled intervention is final: it can no longer change." },
        { Cancelled, Paused, "A cancelled intervention is final: it can no longer change." },
        { Cancelled, Completed, "A cancelled intervention is final: it can no longer change." },
        { Cancelled, Cancelled, "A cancelled intervention is final: it can no longer change." },
    };

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Check_AllowsTheLifecyclesMoves_AndSaysWhyNotForTheRest(InterventionStatus from, InterventionStatus to, string? reason)
    {
        Assert.Equal(reason, InterventionRules.Check(from, to));
    }

    [Fact]
    public void EveryPair_IsListed()
    {
        var statuses = Enum.GetValues<InterventionStatus>();
        Assert.Equal(statuses.Length * statuses.Length, EveryPair.Count);
    }

    [Fact]
    public void AllowedFrom_ListsTheMovesInLifecycleOrder_AndNoneFromAFinalStatus()
    {
        Assert.Equal([Paused, Completed, Cancelled], InterventionRules.AllowedFrom(Active));
        Assert.Equal([Active, Completed, Cancelled], InterventionRules.AllowedFrom(Paused));
        Assert.Empty(InterventionRules.AllowedFrom(Completed));
        Assert.Empty(InterventionRules.AllowedFrom(Cancelled));
    }

    [Fact]
    public void Reasons_ReadInKorean_ForAKoreanReader()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ko-KR");

        Assert.Equal("완료된 학습 처방은 최종 상태라 더 이상 바꿀 수 없습니다.", InterventionRules.Check(Completed, Active));
        Assert.Equal("이미 ‘일시 중지’ 상태입니다.", InterventionRules.Check(Paused, Paused));
    }

    [Fact]
    public void Steps_MayBeTickedWhileActiveOrPaused_NotOnceFinal()
    {
        Assert.Null(InterventionRules.CheckStepChange(Active));
        Assert.Null(InterventionRules.CheckStepChange(Paused));
        Assert.Equal("A completed intervention is final: it can no longer change.", InterventionRules.CheckStepChange(Completed));
        Assert.Equal("A cancelled intervention is final: it can no longer change.", InterventionRules.CheckStepChange(Cancelled));
    }

    [Fact]
    public void ProgressOf_CountsTheTickedSteps_OutOfAllSteps()
    {
        var path = InterventionTestKit.Path(5, done: 2);
        path[4].CompletedAt = InterventionTestKit.Now;

        var progress = InterventionRules.ProgressOf(path);

        Assert.Equal((3, 5), (progress.Completed, progress.Total));
        Assert.Equal((0, 0), (InterventionRules.ProgressOf([]).Completed, InterventionRules.ProgressOf([]).Total));
    }

    [Fact]
    public void Stalled_IsAnActiveOneUntouchedForLongerThanTheLimit_CountedFromTheLastTickElseFromCreation()
    {
        var now = InterventionTestKit.Now;
        var week = TimeSpan.FromDays(7);

        Assert.True(InterventionRules.IsStalled(Active, now.AddDays(-8), null, now, week));
        Assert.False(InterventionRules.IsStalled(Active, now.AddDays(-7), null, now, week));
        Assert.False(InterventionRules.IsStalled(Active, now.AddDays(-30), now.AddDays(-6), now, week));
        Assert.True(InterventionRules.IsStalled(Active, now.AddDays(-30), now.AddDays(-7).AddSeconds(-1), now, week));
        Assert.False(InterventionRules.IsStalled(Paused, now.AddDays(-30), null, now, week));
        Assert.False(InterventionRules.IsStalled(Completed, now.AddDays(-30), null, now, week));
    }
}
