using System.Text.Encodings.Web;
using System.Text.Json;

namespace StudentHub.Web.Demo;

/// <summary>One unit of the Korean mathematics curriculum, as the demo events name it in <c>content.concept</c>.</summary>
/// <param name="Id">Index into <see cref="KoreanMathCurriculum.All"/>.</param>
/// <param name="Difficulty">Typical problem difficulty (0 easy – 1 hard) for a student of <paramref name="Grade"/>.</param>
/// <param name="TaughtAt">When in the school year (0 = 1 March, 1 = end of February) the unit is taught.</param>
internal sealed record MathConcept(int Id, string Name, int Grade, double Difficulty, double TaughtAt)
{
    /// <summary>The name as a JSON string body, for event content written by hand.</summary>
    public string JsonName { get; } = JsonEncodedText.Encode(Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
}

/// <summary>
/// Mathematics units by grade (1–6 초등학교, 7–9 중학교, 10–12 고등학교), in the order a school year teaches
/// them, after the 2015/2022 national curricula. Names are unique across grades because a mastery model keys on them.
/// </summary>
internal static class KoreanMathCurriculum
{
    public const int ProblemsPerConcept = 1000;

    private static readonly string[][] UnitsByGrade =
    [
        ["9까지의 수", "여러 가지 모양", "한 자리 수의 덧셈과 뺄셈", "비교하기", "50까지의 수", "100까지의 수", "시계 보기", "규칙 찾기"],
        ["세 자리 수", "여러 가지 도형", "두 자리 수의 덧셈과 뺄셈", "길이 재기", "분류하기", "곱셈", "네 자리 수", "곱셈구구", "시각과 시간", "표와 그래프"],
        ["세 자리 수의 덧셈과 뺄셈", "평면도형", "나눗셈", "두 자리 수의 곱셈", "길이와 시간", "분수와 소수", "원", "들이와 무게"],
        ["큰 수", "각도", "곱셈과 나눗셈", "평면도형의 이동", "막대그래프", "분수의 덧셈과 뺄셈", "삼각형", "소수의 덧셈과 뺄셈", "사각형", "꺾은선그래프", "다각형"],
        ["자연수의 혼합 계산", "약수와 배수", "규칙과 대응", "약분과 통분", "이분모 분수의 덧셈과 뺄셈", "다각형의 둘레와 넓이", "수의 범위와 어림하기", "분수의 곱셈", "합동과 대칭", "소수의 곱셈", "직육면체", "평균과 가능성"],
        ["분수의 나눗셈", "각기둥과 각뿔", "소수의 나눗셈", "비와 비율", "여러 가지 그래프", "직육면체의 부피와 겉넓이", "쌓기나무", "비례식과 비례배분", "원의 넓이", "원기둥, 원뿔, 구"],
        ["소인수분해", "정수와 유리수", "문자와 식", "일차방정식", "좌표평면과 그래프", "정비례와 반비례", "기본 도형", "작도와 합동", "평면도형의 성질", "입체도형의 성질", "자료의 정리와 해석"],
        ["유리수와 순환소수", "식의 계산", "일차부등식", "연립방정식", "일차함수", "일차함수와 일차방정식의 관계", "삼각형의 성질", "사각형의 성질", "도형의 닮음", "피타고라스 정리", "경우의 수", "확률의 기본 성질"],
        ["제곱근과 실수", "다항식의 곱셈", "인수분해", "이차방정식", "이차함수", "삼각비", "원의 성질", "대푯값과 산포도", "상관관계"],
        ["다항식의 연산", "나머지정리", "복소수", "이차방정식과 이차함수", "여러 가지 방정식과 부등식", "순열과 조합", "행렬", "직선의 방정식", "원의 방정식", "도형의 이동", "집합과 명제", "함수"],
        ["지수와 로그", "지수함수", "로그함수", "삼각함수", "사인법칙과 코사인법칙", "수열", "수학적 귀납법", "함수의 극한과 연속", "미분", "적분"],
        ["확률", "통계", "수열의 극한", "여러 가지 미분법", "여러 가지 적분법", "이차곡선", "벡터", "공간도형과 공간좌표"],
    ];

    public static IReadOnlyList<MathConcept> All { get; }

    private static readonly MathConcept[][] ByGrade;

    // Each problem in the bank has one fixed difficulty, so the same problem_id is equally hard for everyone.
    private static readonly byte[] ProblemDifficultyPercent;

    static KoreanMathCurriculum()
    {
        var all = new List<MathConcept>();
        ByGrade = new MathConcept[UnitsByGrade.Length][];
        for (var g = 0; g < UnitsByGrade.Length; g++)
        {
            var units = UnitsByGrade[g];
            ByGrade[g] = new MathConcept[units.Length];
            for (var i = 0; i < units.Length; i++)
            {
                // Later units of a year build on earlier ones and are harder; the year ends with review in January–February.
                var position = units.Length == 1 ? 0 : (double)i / (units.Length - 1);
                var concept = new MathConcept(all.Count, units[i], g + 1, 0.35 + 0.3 * position, (i + 0.5) / units.Length * 0.85);
                ByGrade[g][i] = concept;
                all.Add(concept);
            }
        }
        All = all;

        ProblemDifficultyPercent = new byte[all.Count * ProblemsPerConcept];
        var random = new Random(1);
        foreach (var concept in all)
            for (var n = 0; n < ProblemsPerConcept; n++)
                ProblemDifficultyPercent[concept.Id * ProblemsPerConcept + n] =
                    (byte)Math.Round(100 * Math.Clamp(concept.Difficulty + 0.15 * DemoRandom.NextGaussian(random), 0.05, 0.95));
    }

    public static IReadOnlyList<MathConcept> ForGrade(int grade) => ByGrade[grade - 1];

    /// <summary>Difficulty of problem <paramref name="problemNumber"/> of <paramref name="concept"/>'s bank, in hundredths.</summary>
    public static int ProblemDifficulty(MathConcept concept, int problemNumber) =>
        ProblemDifficultyPercent[concept.Id * ProblemsPerConcept + problemNumber];
}
