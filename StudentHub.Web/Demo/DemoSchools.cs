namespace StudentHub.Web.Demo;

internal enum SchoolLevel
{
    Elementary,
    Middle,
    High,
}

/// <summary>A demo school. Schools have no table: a student row carries its school's id only.</summary>
internal sealed record DemoSchool(string Id, string Name, SchoolLevel Level)
{
    public int FirstGrade => Level switch { SchoolLevel.Elementary => 1, SchoolLevel.Middle => 7, _ => 10 };
    public int GradeCount => Level == SchoolLevel.Elementary ? 6 : 3;
}

/// <summary>One place in a class roster: the <c>students_unique_identifier</c> of one student.</summary>
internal sealed record ClassSeat(DemoSchool School, int Grade, string ClassName, string StudentNumber);

/// <summary>
/// Schools and class rosters for the demo students: about <see cref="StudentsPerSchool"/> students a school
/// (at least three schools, one of each level, so grades 1–12 all appear), classes <c>1반</c>, <c>2반</c>, … of
/// at most <see cref="MaxClassSize"/> students numbered <c>01</c>, <c>02</c>, … — every seat distinct by construction.
/// </summary>
internal static class DemoSchools
{
    public const int StudentsPerSchool = 250;
    public const int MaxClassSize = 30;

    private static readonly DemoSchool[] NamedSchools =
    [
        new("SCH001", "서울중앙고등학교", SchoolLevel.High),
        new("SCH002", "서울한빛중학교", SchoolLevel.Middle),
        new("SCH003", "서울새솔초등학교", SchoolLevel.Elementary),
        new("SCH004", "부산해운대고등학교", SchoolLevel.High),
        new("SCH005", "대구수성중학교", SchoolLevel.Middle),
        new("SCH006", "인천송도초등학교", SchoolLevel.Elementary),
    ];

    private static readonly string[] Cities =
        ["서울", "부산", "대구", "인천", "광주", "대전", "울산", "수원", "성남", "고양", "용인", "청주", "전주", "창원", "천안", "제주", "포항", "춘천", "원주", "세종"];

    private static readonly string[] SchoolNames =
        ["한빛", "새솔", "푸른", "미래", "가람", "누리", "다솜", "한울", "솔빛", "하늘", "늘푸른", "해오름", "별빛", "온누리", "참빛", "목련", "소나무", "느티", "무지개", "은행"];

    private static readonly string[] LevelSuffixes = ["초등학교", "중학교", "고등학교"];

    public static IReadOnlyList<DemoSchool> For(int students)
    {
        var count = Math.Max(3, (students + StudentsPerSchool - 1) / StudentsPerSchool);
        var schools = new List<DemoSchool>(count);
        for (var k = 0; k < count; k++)
        {
            if (k < NamedSchools.Length)
            {
                schools.Add(NamedSchools[k]);
                continue;
            }
            // Same level rotation as the named schools (high, middle, elementary).
            var level = (SchoolLevel)(2 - k % 3);
            var name = Cities[k % Cities.Length] + SchoolNames[k / Cities.Length % SchoolNames.Length] + LevelSuffixes[(int)level];
            schools.Add(new DemoSchool($"SCH{k + 1:D3}", name, level));
        }
        return schools;
    }

    /// <summary>Exactly <paramref name="students"/> seats, spread evenly over the schools, their grades and classes.</summary>
    public static IEnumerable<ClassSeat> Seats(int students)
    {
        var schools = For(students);
        for (var k = 0; k < schools.Count; k++)
        {
            var school = schools[k];
            var inSchool = Share(students, schools.Count, k);
            for (var g = 0; g < school.GradeCount; g++)
            {
                var inGrade = Share(inSchool, school.GradeCount, g);
                var classes = (inGrade + MaxClassSize - 1) / MaxClassSize;
                for (var c = 0; c < classes; c++)
                {
                    var inClass = Share(inGrade, classes, c);
                    for (var n = 1; n <= inClass; n++)
                        yield return new ClassSeat(school, school.FirstGrade + g, $"{c + 1}반", n.ToString("D2"));
                }
            }
        }
    }

    private static int Share(int total, int parts, int part) => total / parts + (part < total % parts ? 1 : 0);
}
