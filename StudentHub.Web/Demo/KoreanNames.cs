using System.Text;
using Bogus;

namespace StudentHub.Web.Demo;

/// <summary>
/// Korean student names and the e-mail addresses made from them. Bogus's <c>ko</c> locale supplies given names
/// and e-mail domains, but its <c>FullName()</c> is Western order with a space ("민준 김"), it draws its 20
/// family names uniformly (real Korea: 김 about a fifth of everyone) and has only 21 given names, and its
/// e-mail user names drop Hangul (".@gmail.com"). So: family name first, weighted by census frequency, no
/// space; given names from Bogus plus names common among children born 2008–2020; romanized e-mails.
/// </summary>
internal static class KoreanNames
{
    // Family name, its customary romanization, and its approximate share in percent (2015 census).
    private static readonly (string Hangul, string Roman, double Percent)[] FamilyNames =
    [
        ("김", "kim", 21.5), ("이", "lee", 14.7), ("박", "park", 8.4), ("최", "choi", 4.7), ("정", "jung", 4.3),
        ("강", "kang", 2.3), ("조", "cho", 2.1), ("윤", "yoon", 2.1), ("장", "jang", 2.0), ("임", "lim", 1.7),
        ("한", "han", 1.5), ("오", "oh", 1.5), ("서", "seo", 1.5), ("신", "shin", 1.5), ("권", "kwon", 1.4),
        ("황", "hwang", 1.4), ("안", "ahn", 1.4), ("송", "song", 1.3), ("류", "ryu", 1.2), ("전", "jeon", 1.1),
        ("홍", "hong", 1.1), ("고", "ko", 0.9), ("문", "moon", 0.9), ("양", "yang", 0.8), ("손", "son", 0.9),
        ("배", "bae", 0.8), ("백", "baek", 0.7), ("허", "heo", 0.6), ("유", "yoo", 1.0), ("남", "nam", 0.6),
    ];

    // Bogus's WeightedRandom wants weights that sum to 1.
    private static readonly float[] FamilyNameWeights =
        FamilyNames.Select(f => (float)(f.Percent / FamilyNames.Sum(n => n.Percent))).ToArray();
    private static readonly int[] FamilyNameIndexes = Enumerable.Range(0, FamilyNames.Length).ToArray();

    private static readonly string[] MoreGivenNames =
    [
        "서준", "도윤", "시우", "하준", "주원", "지호", "준우", "도현", "선우", "서진", "연우", "유준", "정우", "승우",
        "승현", "시윤", "준혁", "은우", "지환", "승민", "이준", "태윤", "재윤", "민성", "지유", "하윤", "채원", "수아",
        "지아", "다은", "은서", "소율", "예린", "지원", "유나", "시은", "하린", "가은", "예원", "윤아", "채은", "아린",
        "서아", "민지", "나윤", "다인", "소윤", "예서",
    ];

    public static (string Name, string Email) Next(Faker faker)
    {
        var family = FamilyNames[faker.Random.WeightedRandom(FamilyNameIndexes, FamilyNameWeights)];
        var given = faker.Random.Bool(0.4f) ? faker.Name.FirstName() : faker.PickRandom(MoreGivenNames);
        return (family.Hangul + given, faker.Internet.Email(Romanize(given), family.Roman).ToLowerInvariant());
    }

    private static readonly string[] Initials =
        ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"];

    private static readonly string[] Medials =
        ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"];

    private static readonly string[] Finals =
        ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"];

    /// <summary>Revised Romanization, syllable by syllable (민준 → minjun, 서연 → seoyeon); enough for a user name.</summary>
    public static string Romanize(string hangul)
    {
        var roman = new StringBuilder(hangul.Length * 3);
        foreach (var c in hangul)
        {
            var syllable = c - 0xAC00;
            if (syllable is < 0 or >= 11172)
            {
                roman.Append(c);
                continue;
            }
            roman.Append(Initials[syllable / (21 * 28)]).Append(Medials[syllable % (21 * 28) / 28]).Append(Finals[syllable % 28]);
        }
        return roman.ToString();
    }
}
