namespace StudentHub.Web.Students;

/// <summary>
/// A Korean telephone number in its usual dashed form: mobile <c>010-1234-5678</c>, Seoul <c>02-123-4567</c>,
/// the other regions <c>031-123-4567</c>, internet phones <c>070-1234-5678</c>. People type them with or without
/// dashes, with spaces, dots or brackets, or as <c>+82 10 …</c>; all of these read as the same number, and the
/// dashed form is what is stored, so that one number is always written one way.
/// </summary>
public static class KoreanPhoneNumber
{
    // Area codes of the regions (other than Seoul's 02) and the mobile and internet-phone prefixes.
    private static readonly HashSet<string> ThreeDigitPrefixes =
    [
        "010", "011", "016", "017", "018", "019", "070",
        "031", "032", "033", "041", "042", "043", "044",
        "051", "052", "053", "054", "055", "061", "062", "063", "064",
    ];

    /// <summary>The number in dashed form, or null when <paramref name="text"/> is not a Korean telephone number.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var trimmed = text.Trim();
        var international = trimmed.StartsWith('+');
        var digits = new System.Text.StringBuilder();
        foreach (var c in international ? trimmed[1..] : trimmed)
        {
            if (char.IsAsciiDigit(c))
                digits.Append(c);
            else if (c is not ('-' or ' ' or '.' or '(' or ')'))
                return null;
        }

        var number = digits.ToString();
        if (international)
        {
            // +82 10 1234 5678 and +82 (0)10 1234 5678 are 010-1234-5678.
            if (!number.StartsWith("82"))
                return null;
            number = number[2..];
            if (!number.StartsWith('0'))
                number = "0" + number;
        }

        if (number.StartsWith("02"))
            return Dashed(number, 2);
        if (number.Length >= 3 && ThreeDigitPrefixes.Contains(number[..3]))
        {
            // 010 numbers have had eight digits after the prefix since 2004; the older prefixes may have seven.
            if (number.StartsWith("010") && number.Length != 11)
                return null;
            return Dashed(number, 3);
        }
        return null;
    }

    // Prefix, then three or four digits, then four.
    private static string? Dashed(string number, int prefixLength)
    {
        var middle = number.Length - prefixLength - 4;
        return middle is 3 or 4
            ? $"{number[..prefixLength]}-{number.Substring(prefixLength, middle)}-{number[^4..]}"
            : null;
    }
}
