using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using StudentHub.Web.Interventions;

namespace StudentHub.Tests.Interventions;

/// <summary>
/// Each rule of an intervention's plan, answered beside the field it is about (the row's place from 1, or the list
/// itself), in English and in Korean; and a plan that passes, as it would be stored.
/// </summary>
public class InterventionValidationTests
{
    private static readonly ServiceProvider Localization = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();

    /// <summary>A change that breaks one rule, applied to <see cref="ValidInput"/>.</summary>
    private static readonly Dictionary<string, Action<InterventionInput>> Breaks = new()
    {
        ["no weak areas"] = i => i.WeakAreas.Clear(),
        ["no steps"] = i => i.Steps.Clear(),
        ["blank concept"] = i => i.WeakAreas[1].Concept = "  ",
        ["concept twice"] = i => i.WeakAreas[1].Concept = " 이차함수 ",
        ["concept twice, other case"] = i => (i.WeakAreas[0].Concept, i.WeakAreas[1].Concept) = ("Fractions", "fractions"),
        ["current above 1"] = i => i.WeakAreas[0].CurrentMastery = "1.2",
        ["current below 0"] = i => i.WeakAreas[0].CurrentMastery = "-0.1",
        ["current with a comma"] = i => i.WeakAreas[0].CurrentMastery = "0,7",
        ["current missing"] = i => i.WeakAreas[1].CurrentMastery = null,
        ["target below current"] = i => (i.WeakAreas[0].CurrentMastery, i.WeakAreas[0].TargetMastery) = ("0.9", "0.85"),
        ["target equal to current"] = i => (i.WeakAreas[1].CurrentMastery, i.WeakAreas[1].TargetMastery) = ("0.85", "0.850"),
        ["target above 1"] = i => i.WeakAreas[1].TargetMastery = "1.5",
        ["activity missing"] = i => i.Steps[1].Activity = null,
        ["custom activity unnamed"] = i => i.Steps[2].CustomActivity = " ",
        ["review without a subject"] = i => i.Steps[0].Concept = "",
        ["practice without a subject"] = i => i.Steps[1].ProblemSetId = null,
        ["no problems"] = i => i.Steps[1].NumProblems = "0",
        ["problems not a number"] = i => i.Steps[1].NumProblems = "ten",
        ["minutes missing"] = i => i.Steps[0].Minutes = "",
        ["minutes zero"] = i => i.Steps[0].Minutes = "0",
        ["minutes negative"] = i => i.Steps[2].Minutes = "-5",
        ["minutes beyond a week"] = i => i.Steps[2].Minutes = "20000",
    };

    public static TheoryData<string, InterventionField, int, string, string> Rules() => new()
    {
        { "no weak areas", InterventionField.WeakAreas, 0, "Add at least one weak area.", "약점 개념을 하나 이상 추가하세요." },
        { "no steps", InterventionField.Steps, 0, "Add at least one step to the learning path.", "학습 경로에 단계를 하나 이상 추가하세요." },
        { "blank concept", InterventionField.Concept, 2, "Enter the concept.", "개념을 입력하세요." },
        { "concept twice", InterventionField.Concept, 2, "“이차함수” is already weak area 1: each concept appears once.", "‘이차함수’은(는) 이미 1번 약점 개념입니다. 개념은 한 번만 넣을 수 있습니다." },
        { "concept twice, other case", InterventionField.Concept, 2, "“fractions” is already weak area 1: each concept appears once.", "‘fractions’은(는) 이미 1번 약점 개념입니다. 개념은 한 번만 넣을 수 있습니다." },
        { "current above 1", InterventionField.CurrentMastery, 1, "Mastery runs from 0 to 1; 1.2 is outside.", "숙달도는 0부터 1까지입니다. 1.2은(는) 범위를 벗어납니다." },
        { "current below 0", InterventionField.CurrentMastery, 1, "Mastery runs from 0 to 1; -0.1 is outside.", "숙달도는 0부터 1까지입니다. -0.1은(는) 범위를 벗어납니다." },
        { "current with a comma", InterventionField.CurrentMastery, 1, "“0,7” is not a mastery: enter a number from 0 to 1, such as 0.65.", "‘0,7’은(는) 숙달도가 아닙니다. 0.65처럼 0부터 1까지의 수를 입력하세요." },
        { "current missing", InterventionField.CurrentMastery, 2, "Enter the current mastery.", "현재 숙달도를 입력하세요." },
        { "target below current", InterventionField.TargetMastery, 1, "The target must be above the current mastery (0.9).", "목표는 현재 숙달도(0.9)보다 높아야 합니다." },
        { "target equal to current", InterventionField.TargetMastery, 2, "The target must be above the current mastery (0.85).", "목표는 현재 숙달도(0.85)보다 높아야 합니다." },
        { "target above 1", InterventionField.TargetMastery, 2, "Mastery runs from 0 to 1; 1.5 is outside.", "숙달도는 0부터 1까지입니다. 1.5은(는) 범위를 벗어납니다." },
        { "activity missing", InterventionField.Activity, 2, "Choose the activity.", "활동을 고르세요." },
        { "custom activity unnamed", InterventionField.CustomActivity, 3, "Name the activity.", "활동 이름을 입력하세요." },
        { "review without a subject", InterventionField.StepConcept, 1, "Enter the concept or the problem set to work on.", "다룰 개념이나 문제 세트를 입력하세요." },
        { "practice without a subject", InterventionField.StepConcept, 2, "Enter the concept or the problem set to work on.", "다룰 개념이나 문제 세트를 입력하세요." },
        { "no problems", InterventionField.NumProblems, 2, "“0” is not a number of problems: enter a whole number, 1 or more.", "‘0’은(는) 문제 수가 아닙니다. 1 이상의 정수를 입력하세요." },
        { "problems not a number", InterventionField.NumProblems, 2, "“ten” is not a number of problems: enter a whole number, 1 or more.", "‘ten’은(는) 문제 수가 아닙니다. 1 이상의 정수를 입력하세요." },
        { "minutes missing", InterventionField.Minutes, 1, "Enter the estimated minutes.", "예상 시간(분)을 입력하세요." },
        { "minutes zero", InterventionField.Minutes, 1, "“0” is not a duration: enter the minutes as a number above 0, such as 30.", "‘0’은(는) 시간이 아닙니다. 30처럼 0보다 큰 수(분)를 입력하세요." },
        { "minutes negative", InterventionField.Minutes, 3, "“-5” is not a duration: enter the minutes as a number above 0, such as 30.", "‘-5’은(는) 시간이 아닙니다. 30처럼 0보다 큰 수(분)를 입력하세요." },
        { "minutes beyond a week", InterventionField.Minutes, 3, "At most 10080 minutes (a week).", "최대 10080분(일주일)까지 입력할 수 있습니다." },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void EachRule_IsAnsweredBesideItsField_InEnglishAndKorean(string change, InterventionField field, int row, string english, string korean)
    {
        foreach (var (culture, message) in new[] { ("en-US", english), ("ko-KR", korean) })
        {
            var input = ValidInput();
            Breaks[change](input);

            var (valid, errors) = Validation(culture).Validate(input);

            Assert.Null(valid);
            var error = Assert.Single(errors);
            Assert.Equal((new InterventionFieldKey(field, row), message), (error.Key, error.Value));
        }
    }

    [Fact]
    public void TheFieldRules_TheFormChecksAsTyped_SayTheSame()
    {
        var validation = Validation("en-US");

        Assert.Equal("“이차함수” is already weak area 2: each concept appears once.",
            validation.RepeatedConcept("이차함수", ["삼각함수", " 이차함수"]));
        Assert.Null(validation.RepeatedConcept("이차함수", ["삼각함수"]));
        Assert.Equal("The target must be above the current mastery (0.7).", validation.TargetMastery("0.7", "0.70"));
        // A current that is no mastery is answered beside the current, not twice.
        Assert.Null(validation.TargetMastery("0.85", "abc"));
        Assert.Null(validation.StepConcept(InterventionActivities.Assessment, null, null));
        Assert.Null(validation.StepConcept(InterventionActivities.Practice, null, "PS_1"));
        Assert.Equal("Name the activity.", validation.CustomActivity(InterventionActivities.Custom, null));
        Assert.Null(validation.CustomActivity(InterventionActivities.Practice, null));
        Assert.Equal("“jumping” is not one of the activities.", validation.Activity("jumping"));
        Assert.Equal("At most 100 characters; this has 101.", validation.Concept(new string('개', 101)));
    }

    [Fact]
    public void AValidPlan_IsTrimmedAndTyped_PrioritiesAndStepsInTheRowsOrder_MinutesInSeconds()
    {
        var input = ValidInput();
        input.Steps[1].LoadedStep = 5;

        var (valid, errors) = Validation("en-US").Validate(input);

        Assert.Empty(errors);
        Assert.NotNull(valid);
        Assert.Equal([("이차함수", 0.65, 0.85, 1), ("삼각함수", 0.7, 0.9, 2)],
            valid.WeakAreas.Select(w => (w.Concept, w.CurrentMastery, w.TargetMastery, w.Priority)));
        Assert.Equal(
        [
            new ValidStep(1, "review_concept", "이차함수 기본", null, null, 1800, null),
            new ValidStep(2, "practice", null, "PS_456", 10, 2430, 5),
            new ValidStep(3, "오답 노트 정리", null, null, null, 900, null),
        ], valid.Steps);
    }

    /// <summary>Two weak areas and three steps, every field as the form would hold it, some with spaces to trim.</summary>
    public static InterventionInput ValidInput() => new()
    {
        WeakAreas =
        [
            new WeakAreaInput { Concept = " 이차함수", CurrentMastery = "0.65", TargetMastery = "0.85" },
            new WeakAreaInput { Concept = "삼각함수", CurrentMastery = " 0.70 ", TargetMastery = "0.9" },
        ],
        Steps =
        [
            new StepInput { Activity = InterventionActivities.ReviewConcept, Concept = "이차함수 기본 ", ProblemSetId = " ", Minutes = "30" },
            new StepInput { Activity = InterventionActivities.Practice, ProblemSetId = "PS_456", NumProblems = " 10", Minutes = "40.5" },
            new StepInput { Activity = InterventionActivities.Custom, CustomActivity = " 오답 노트 정리 ", Minutes = "15" },
        ],
    };

    private static InterventionValidation Validation(string culture)
    {
        // The localizer reads the culture when a message is made: the test's own, as in a request.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        return new InterventionValidation(Localization.GetRequiredService<IStringLocalizer<InterventionValidation>>());
    }
}
