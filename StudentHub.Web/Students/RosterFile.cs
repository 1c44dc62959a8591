using System.Globalization;
using System.Text;
using CsvHelper;

namespace StudentHub.Web.Students;

public enum RosterFileProblemKind
{
    /// <summary>Larger than <see cref="RosterCsv.MaxFileBytes"/>; not read.</summary>
    TooLarge,

    /// <summary>Bytes that are not UTF-8 (a CSV saved as EUC-KR/CP949, Excel's plain "CSV" in Korea) or UTF-16 text.</summary>
    NotUtf8,

    /// <summary>No header row at all.</summary>
    Empty,

    /// <summary>The header lacks one or more of <see cref="RosterCsv.Required"/>.</summary>
    MissingColumns,

    /// <summary>Two header cells name the same column: which one counts would be a guess.</summary>
    DuplicateColumn,

    /// <summary>A header but no student.</summary>
    NoRows,
}

/// <summary>Why a file cannot be imported at all. <paramref name="Line"/>: where the first byte that is not UTF-8 is.</summary>
public sealed record RosterFileProblem(RosterFileProblemKind Kind, IReadOnlyList<RosterColumn>? Columns = null, int? Line = null, long? Size = null);

public enum RosterProblemKind
{
    Required,
    TooLong,

    /// <summary>Not a whole number from 1 to 12 (<c>students_grade_check</c>).</summary>
    InvalidGrade,
    InvalidEmail,

    /// <summary>Not a Korean telephone number (010-1234-5678, 02-123-4567, with or without hyphens).</summary>
    InvalidPhone,
    InvalidDate,

    /// <summary>The same (school, grade, class, number) on another line of the file: which line is right would be a guess.</summary>
    DuplicateIdentifier,

    /// <summary>Quotes the CSV rules do not allow: the fields of the line may not be what the file meant.</summary>
    MalformedLine,
}

/// <summary>What is wrong with one value of a row. <paramref name="OtherLines"/>: for a duplicate, the other lines with the identifier.</summary>
public sealed record RosterProblem(RosterProblemKind Kind, RosterColumn? Column = null, string? Value = null, IReadOnlyList<int>? OtherLines = null);

/// <summary>One student of the file, as read (trimmed; empty values are null), with the line it starts on.</summary>
public sealed class RosterRow
{
    public required int Line { get; init; }
    public string? Name { get; init; }
    public string? SchoolId { get; init; }
    public string? GradeText { get; init; }
    public int? Grade { get; init; }
    public string? ClassName { get; init; }
    public string? StudentNumber { get; init; }
    public string? Email { get; init; }
    public string? ParentContact { get; init; }
    public string? LearningStyle { get; init; }
    public string? GraduatedAtText { get; init; }
    public DateOnly? GraduatedAt { get; init; }

    public List<RosterProblem> Problems { get; } = [];

    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// A roster CSV read and checked in full before anything is written, so the page can show every problem with its line
/// number and the admin can decide. Checks follow the database (lengths, grade 1–12, the unique identifier) and the
/// student form (email, Korean telephone numbers).
/// </summary>
public sealed class RosterFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Dates as Korean spreadsheets write them: 2026-02-14, 2026/02/14, 2026.02.14, 2026. 2. 14.
    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-M-d", "yyyy/MM/dd", "yyyy/M/d", "yyyy.MM.dd", "yyyy.M.d", "yyyy. M. d.", "yyyy. M. d", "yyyyMMdd"];

    private RosterFile(string fileName, RosterFileProblem? problem, IReadOnlyList<RosterRow> rows,
        IReadOnlySet<RosterColumn> columns, IReadOnlyList<string> ignoredHeaders)
    {
        FileName = fileName;
        Problem = problem;
        Rows = rows;
        Columns = columns;
        IgnoredHeaders = ignoredHeaders;
        InvalidCount = rows.Count(r => !r.IsValid);
    }

    public string FileName { get; }

    /// <summary>Why nothing in the file can be imported; null when rows were read.</summary>
    public RosterFileProblem? Problem { get; }

    /// <summary>Every row in file order, valid or not.</summary>
    public IReadOnlyList<RosterRow> Rows { get; }

    /// <summary>
    /// The columns the file has. An optional column the file lacks is left as it is on students that exist; one it
    /// has is written, an empty value clearing it.
    /// </summary>
    public IReadOnlySet<RosterColumn> Columns { get; }

    /// <summary>Header cells that name no roster column: read past, reported so a misspelt header is noticed.</summary>
    public IReadOnlyList<string> IgnoredHeaders { get; }

    public int InvalidCount { get; }

    public int ValidCount => Rows.Count - InvalidCount;

    public bool CanImport => Problem is null && ValidCount > 0;

    public static RosterFile TooLarge(string fileName, long size) =>
        Failed(fileName, new RosterFileProblem(RosterFileProblemKind.TooLarge, Size: size));

    public static RosterFile Read(string fileName, byte[] bytes)
    {
        if (bytes.LongLength > RosterCsv.MaxFileBytes)
            return TooLarge(fileName, bytes.LongLength);
        if (NotUtf8Line(bytes) is { } line)
            return Failed(fileName, new RosterFileProblem(RosterFileProblemKind.NotUtf8, Line: line));

        var malformedLines = new HashSet<long>();
        var options = CsvReaderOptions.Default with
        {
            HasHeader = true,
            TrackLineNumbers = true,
            // A roster value never spans lines: an unbalanced quote then spoils one line, not the rest of the file.
            AllowLineBreaksInQuotes = false,
            TrimWhitespace = true,
            OnMalformedRecord = m => malformedLines.Add(m.LineNumber),
        };
        using var csv = CsvReader.Create(bytes, options);

        var headers = csv.Headers;
        if (headers.Count == 0 || headers.All(string.IsNullOrWhiteSpace))
            return Failed(fileName, new RosterFileProblem(RosterFileProblemKind.Empty));
        var index = new Dictionary<RosterColumn, int>();
        var ignored = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            if (RosterCsv.Match(headers[i]) is not { } column)
            {
                if (!string.IsNullOrWhiteSpace(headers[i]))
                    ignored.Add(headers[i].Trim());
            }
            else if (!index.TryAdd(column, i))
                return Failed(fileName, new RosterFileProblem(RosterFileProblemKind.DuplicateColumn, [column]));
        }
        var missing = RosterCsv.Columns.Where(c => RosterCsv.Required.Contains(c) && !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            return Failed(fileName, new RosterFileProblem(RosterFileProblemKind.MissingColumns, missing));

        var rows = new List<RosterRow>();
        while (csv.Read())
        {
            string? Field(RosterColumn column)
            {
                if (!index.TryGetValue(column, out var i))
                    return null;
                var value = csv.GetString(i);
                return string.IsNullOrWhiteSpace(value) ? null : RosterCsv.WithoutFormulaEscape(value.Trim());
            }

            var row = ReadRow((int)csv.LineNumber, Field);
            if (malformedLines.Contains(csv.LineNumber))
                row.Problems.Insert(0, new RosterProblem(RosterProblemKind.MalformedLine));
            rows.Add(row);
        }
        if (rows.Count == 0)
            return Failed(fileName, new RosterFileProblem(RosterFileProblemKind.NoRows));

        MarkDuplicates(rows);
        return new RosterFile(fileName, null, rows, index.Keys.ToHashSet(), ignored);
    }

    private static RosterFile Failed(string fileName, RosterFileProblem problem) =>
        new(fileName, problem, [], new HashSet<RosterColumn>(), []);

    /// <summary>The line of the first byte that is not UTF-8; null for a UTF-8 file (a byte order mark is fine).</summary>
    private static int? NotUtf8Line(byte[] bytes)
    {
        // UTF-16 (Excel's "Unicode text") decodes as UTF-8 when it is mostly ASCII, every other byte a NUL.
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
            return 1;
        try
        {
            // Counting the characters decodes every byte without keeping the text.
            StrictUtf8.GetCharCount(bytes);
            return null;
        }
        catch (DecoderFallbackException e)
        {
            var end = Math.Clamp(e.Index, 0, bytes.Length);
            return bytes.AsSpan(0, end).Count((byte)'\n') + 1;
        }
    }

    private static RosterRow ReadRow(int line, Func<RosterColumn, string?> field)
    {
        var gradeText = field(RosterColumn.Grade);
        var graduatedText = field(RosterColumn.GraduatedAt);
        var grade = int.TryParse(gradeText, NumberStyles.None, CultureInfo.InvariantCulture, out var g) && g is >= 1 and <= 12 ? g : (int?)null;
        var graduated = DateOnly.TryParseExact(graduatedText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        var row = new RosterRow
        {
            Line = line,
            Name = field(RosterColumn.Name),
            SchoolId = field(RosterColumn.SchoolId),
            GradeText = gradeText,
            Grade = grade,
            ClassName = field(RosterColumn.ClassName),
            StudentNumber = field(RosterColumn.StudentNumber),
            Email = field(RosterColumn.Email),
            // Stored in the dashed form the student form stores, so one number is written one way whichever way it came in.
            ParentContact = KoreanPhoneNumber.Normalize(field(RosterColumn.ParentContact)) ?? field(RosterColumn.ParentContact),
            LearningStyle = field(RosterColumn.LearningStyle),
            GraduatedAtText = graduatedText,
            GraduatedAt = graduated,
        };

        CheckText(row, RosterColumn.Name, row.Name);
        CheckText(row, RosterColumn.SchoolId, row.SchoolId);
        if (gradeText is null)
            row.Problems.Add(new RosterProblem(RosterProblemKind.Required, RosterColumn.Grade));
        else if (grade is null)
            row.Problems.Add(new RosterProblem(RosterProblemKind.InvalidGrade, RosterColumn.Grade, gradeText));
        CheckText(row, RosterColumn.ClassName, row.ClassName);
        CheckText(row, RosterColumn.StudentNumber, row.StudentNumber);
        if (CheckText(row, RosterColumn.Email, row.Email) && row.Email is { } email && !StudentValidation.IsEmail(email))
            row.Problems.Add(new RosterProblem(RosterProblemKind.InvalidEmail, RosterColumn.Email, email));
        if (CheckText(row, RosterColumn.ParentContact, row.ParentContact) && row.ParentContact is { } phone && KoreanPhoneNumber.Normalize(phone) is null)
            row.Problems.Add(new RosterProblem(RosterProblemKind.InvalidPhone, RosterColumn.ParentContact, phone));
        CheckText(row, RosterColumn.LearningStyle, row.LearningStyle);
        if (graduatedText is not null && graduated is null)
            row.Problems.Add(new RosterProblem(RosterProblemKind.InvalidDate, RosterColumn.GraduatedAt, graduatedText));
        return row;
    }

    /// <summary>Required and length checks; false when the value has a problem already.</summary>
    private static bool CheckText(RosterRow row, RosterColumn column, string? value)
    {
        if (value is null)
        {
            if (!RosterCsv.Required.Contains(column))
                return true;
            row.Problems.Add(new RosterProblem(RosterProblemKind.Required, column));
            return false;
        }
        if (value.Length <= RosterCsv.MaxLength(column))
            return true;
        row.Problems.Add(new RosterProblem(RosterProblemKind.TooLong, column, value));
        return false;
    }

    // A file of one student copied a thousand times would otherwise list every other line on every line.
    private const int MaxOtherLines = 5;

    /// <summary>Marks every row whose identifier another row of the file has too, naming the other lines.</summary>
    private static void MarkDuplicates(List<RosterRow> rows)
    {
        var lines = new Dictionary<(string, int, string, string), List<RosterRow>>();
        foreach (var row in rows)
        {
            if (row is not { SchoolId: { } school, Grade: { } grade, ClassName: { } className, StudentNumber: { } number })
                continue;
            var key = (school, grade, className, number);
            if (!lines.TryGetValue(key, out var same))
                lines[key] = same = [];
            same.Add(row);
        }
        foreach (var same in lines.Values.Where(l => l.Count > 1))
        {
            foreach (var row in same)
                row.Problems.Add(new RosterProblem(RosterProblemKind.DuplicateIdentifier,
                    OtherLines: same.Where(r => r != row).Select(r => r.Line).Take(MaxOtherLines).ToList()));
        }
    }
}
