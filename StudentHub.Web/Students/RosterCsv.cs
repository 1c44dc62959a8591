using System.Text;
using CsvHelper;

namespace StudentHub.Web.Students;

/// <summary>The roster's columns, in the order the export writes them and the template shows them.</summary>
public enum RosterColumn
{
    Name,
    SchoolId,
    Grade,
    ClassName,
    StudentNumber,
    Email,
    ParentContact,
    LearningStyle,
    GraduatedAt,
}

/// <summary>
/// The roster CSV format, shared by the import and the export so that an export imports again unchanged: one header
/// row of the <c>students</c> column names (or their Korean names), UTF-8, comma separated.
/// </summary>
public static class RosterCsv
{
    /// <summary>
    /// The largest file the import reads: about 250,000 students of a typical roster. It is checked against the size the
    /// browser reports before a byte is read, so a 50 MB file is refused at once rather than streamed over the circuit.
    /// </summary>
    public const long MaxFileBytes = 20 * 1024 * 1024;

    public const string TemplateFileName = "student-roster-template.csv";

    public static IReadOnlyList<RosterColumn> Columns { get; } = Enum.GetValues<RosterColumn>();

    /// <summary>
    /// Name and the four parts of <c>students_unique_identifier</c>. Class and number are required although the table
    /// allows NULL: PostgreSQL treats NULLs as distinct in a UNIQUE constraint, so a row without them could never match
    /// the student it describes, and every import would add another copy.
    /// </summary>
    public static IReadOnlySet<RosterColumn> Required { get; } = new HashSet<RosterColumn>
    {
        RosterColumn.Name, RosterColumn.SchoolId, RosterColumn.Grade, RosterColumn.ClassName, RosterColumn.StudentNumber,
    };

    /// <summary>The header the export writes: the column's name in <c>students</c> (learning_style is a metadata key).</summary>
    public static string HeaderOf(RosterColumn column) => column switch
    {
        RosterColumn.Name => "name",
        RosterColumn.SchoolId => "school_id",
        RosterColumn.Grade => "grade",
        RosterColumn.ClassName => "class_name",
        RosterColumn.StudentNumber => "student_number",
        RosterColumn.Email => "email",
        RosterColumn.ParentContact => "parent_contact",
        RosterColumn.LearningStyle => "learning_style",
        RosterColumn.GraduatedAt => "graduated_at",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };

    /// <summary>The Korean header the import also accepts, as Korean school rosters name the column.</summary>
    public static string KoreanHeaderOf(RosterColumn column) => column switch
    {
        RosterColumn.Name => "이름",
        RosterColumn.SchoolId => "학교",
        RosterColumn.Grade => "학년",
        RosterColumn.ClassName => "반",
        RosterColumn.StudentNumber => "번호",
        RosterColumn.Email => "이메일",
        RosterColumn.ParentContact => "보호자연락처",
        RosterColumn.LearningStyle => "학습유형",
        RosterColumn.GraduatedAt => "졸업일",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };

    /// <summary>The column's length in <c>students</c> (learning_style has none there; 50 keeps it a label).</summary>
    public static int MaxLength(RosterColumn column) => column switch
    {
        RosterColumn.Name => 100,
        RosterColumn.SchoolId => 50,
        RosterColumn.ClassName => 50,
        RosterColumn.StudentNumber => 20,
        RosterColumn.Email => 255,
        RosterColumn.ParentContact => 20,
        RosterColumn.LearningStyle => 50,
        _ => int.MaxValue,
    };

    private static readonly Dictionary<string, RosterColumn> Headers = BuildHeaders();

    private static Dictionary<string, RosterColumn> BuildHeaders()
    {
        var headers = new Dictionary<string, RosterColumn>();
        foreach (var column in Columns)
        {
            headers[Normalize(HeaderOf(column))] = column;
            headers[Normalize(KoreanHeaderOf(column))] = column;
        }
        // Other names a school's own spreadsheet is likely to use.
        headers[Normalize("학교ID")] = RosterColumn.SchoolId;
        headers[Normalize("학교코드")] = RosterColumn.SchoolId;
        headers[Normalize("학생번호")] = RosterColumn.StudentNumber;
        headers[Normalize("보호자 전화번호")] = RosterColumn.ParentContact;
        headers[Normalize("학습스타일")] = RosterColumn.LearningStyle;
        headers[Normalize("졸업일자")] = RosterColumn.GraduatedAt;
        return headers;
    }

    /// <summary>The column a header names, ignoring case, spaces, underscores and hyphens ("School ID" is school_id); null for another column.</summary>
    public static RosterColumn? Match(string header) =>
        Headers.TryGetValue(Normalize(header), out var column) ? column : null;

    private static string Normalize(string header)
    {
        var text = new StringBuilder(header.Length);
        foreach (var c in header.Trim().Trim('\uFEFF'))
        {
            if (!char.IsWhiteSpace(c) && c is not ('_' or '-'))
                text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    /// <summary>
    /// How the export and the template write: a byte order mark, so that Excel reads UTF-8 and shows Hangul; a value
    /// that starts like a formula (= + - @) is prefixed with an apostrophe, so that opening an export cannot run one.
    /// The import removes that apostrophe again.
    /// </summary>
    public static CsvWriterOptions WriterOptions { get; } = CsvWriterOptions.Default with
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
    };

    /// <summary>The apostrophe <see cref="WriterOptions"/> puts before a value that starts like a formula.</summary>
    public static string WithoutFormulaEscape(string value) =>
        value.Length > 1 && value[0] == WriterOptions.InjectionEscape && WriterOptions.InjectionCharacters.Contains(value[1])
            ? value[1..]
            : value;

    public static void WriteHeader(CsvWriter csv) => csv.WriteHeader(Columns.Select(HeaderOf).ToArray());

    /// <summary>The template the import page offers: the header and one example student.</summary>
    public static byte[] Template()
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, WriterOptions, leaveOpen: true))
        {
            WriteHeader(csv);
            csv.WriteRecord(["김하늘", "SCH001", "10", "3반", "15", "haneul.kim@example.kr", "010-1234-5678", "visual", ""]);
        }
        return buffer.ToArray();
    }
}
