using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Students;
using Xunit.Abstractions;

namespace StudentHub.Tests.Students;

/// <summary>
/// The roster import against a real database: the checks and their line numbers, both modes, the upsert on the
/// unique identifier, what it keeps, its audit row, and 100,000 rows through the COPY path.
/// </summary>
public class RosterImportTests(DatabaseFixture database, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    private const string Header = "name,school_id,grade,class_name,student_number,email,parent_contact,learning_style,graduated_at";

    private static readonly Actor Admin = new("admin-id", "관리자 김하늘");

    [Fact]
    public void Read_ReportsEachBadValue_WithItsLine()
    {
        var file = Read(
            Header,
            "김철수,MIX,10,1반,01,chulsoo@example.kr,010-1234-5678,visual,",
            "이영희,MIX,abc,1반,02,,,,",
            new string('가', 101) + ",MIX,10,1반,03,,,,",
            "박민준,MIX,10,1반,04,not-an-email,,,",
            "최서연,MIX,10,1반,05,,12345,,",
            "정하은,MIX,13,1반,06,,,,2026-13-40",
            ",MIX,10,,07,,,,");

        Assert.Null(file.Problem);
        Assert.Equal(7, file.Rows.Count);
        Assert.True(file.Rows[0].IsValid);
        Assert.Equal(2, file.Rows[0].Line);
        Assert.Equal(RosterProblemKind.InvalidGrade, Assert.Single(Row(file, 3).Problems).Kind);
        Assert.Equal((RosterProblemKind.TooLong, RosterColumn.Name), Single(Row(file, 4)));
        Assert.Equal((RosterProblemKind.InvalidEmail, RosterColumn.Email), Single(Row(file, 5)));
        Assert.Equal((RosterProblemKind.InvalidPhone, RosterColumn.ParentContact), Single(Row(file, 6)));
        Assert.Equal(
            [(RosterProblemKind.InvalidGrade, RosterColumn.Grade), (RosterProblemKind.InvalidDate, RosterColumn.GraduatedAt)],
            Row(file, 7).Problems.Select(p => (p.Kind, p.Column!.Value)));
        Assert.Equal(
            [(RosterProblemKind.Required, RosterColumn.Name), (RosterProblemKind.Required, RosterColumn.ClassName)],
            Row(file, 8).Problems.Select(p => (p.Kind, p.Column!.Value)));
    }

    [Fact]
    public void Read_MarksEveryRowOfADuplicateIdentifier_NamingTheOtherLines()
    {
        var file = Read(Header, "김철수,DUP,10,1반,01,,,,", "이영희,DUP,10,1반,02,,,,", "박민준,DUP,10,1반,01,,,,");

        var first = Assert.Single(Row(file, 2).Problems);
        var third = Assert.Single(Row(file, 4).Problems);
        Assert.Equal(RosterProblemKind.DuplicateIdentifier, first.Kind);
        Assert.Equal([4], first.OtherLines!);
        Assert.Equal([2], third.OtherLines!);
        Assert.True(Row(file, 3).IsValid);
    }

    [Fact]
    public void Read_WithoutARequiredColumn_IsOneFileProblem_NamingIt()
    {
        var file = Read("name,school_id,grade,student_number", "김철수,MISS,10,01");

        Assert.Equal(RosterFileProblemKind.MissingColumns, file.Problem?.Kind);
        Assert.Equal([RosterColumn.ClassName], file.Problem!.Columns!);
        Assert.Empty(file.Rows);
    }

    [Fact]
    public void Read_AnEmptyFile_OrOneWithoutStudents_SaysSo()
    {
        Assert.Equal(RosterFileProblemKind.Empty, RosterFile.Read("empty.csv", []).Problem?.Kind);
        Assert.Equal(RosterFileProblemKind.NoRows, Read(Header).Problem?.Kind);
    }

    [Fact]
    public void Read_AColumnNamedTwice_IsOneFileProblem()
    {
        var file = Read("name,school_id,grade,class_name,student_number,이름", "김철수,TWICE,10,1반,01,김철수");

        Assert.Equal(RosterFileProblemKind.DuplicateColumn, file.Problem?.Kind);
        Assert.Equal([RosterColumn.Name], file.Problem!.Columns!);
    }

    [Fact]
    public void Read_AStrayQuote_IsAProblemOfItsLine()
    {
        var file = Read(Header, "김\"철수,QUOTE,10,1반,01,,,,", "이영희,QUOTE,10,1반,02,,,,");

        Assert.Equal(RosterProblemKind.MalformedLine, Assert.Single(Row(file, 2).Problems).Kind);
        Assert.True(Row(file, 3).IsValid);
    }

    [Fact]
    public void Read_EucKrText_IsRefusedAsNotUtf8_NamingTheLine()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var eucKr = Encoding.GetEncoding(51949);
        var bytes = eucKr.GetBytes(Header + "\r\nKim,EUC,10,1,01,,,,\r\n김철수,EUC,10,1,02,,,,\r\n");

        var file = RosterFile.Read("roster.csv", bytes);

        Assert.Equal(RosterFileProblemKind.NotUtf8, file.Problem?.Kind);
        Assert.Equal(3, file.Problem!.Line);
    }

    [Fact]
    public void Read_AcceptsAByteOrderMark_KoreanHeaders_AnyColumnOrder_AndIgnoresOtherColumns()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("번호,반,학년,학교,이름,비고\r\n07,2반,11,KOR,김철수,전학생\r\n")).ToArray();

        var file = RosterFile.Read("명단.csv", bytes);

        Assert.Null(file.Problem);
        var row = Assert.Single(file.Rows);
        Assert.True(row.IsValid);
        Assert.Equal(("김철수", "KOR", 11, "2반", "07"), (row.Name, row.SchoolId, row.Grade!.Value, row.ClassName, row.StudentNumber));
        Assert.Equal(["비고"], file.IgnoredHeaders);
        Assert.DoesNotContain(RosterColumn.Email, file.Columns);
    }

    [Fact]
    public void Read_UndoesTheExportsFormulaEscape()
    {
        var file = Read(Header, "'=김철수,ESC,10,1반,01,,,,");

        Assert.Equal("=김철수", Assert.Single(file.Rows).Name);
    }

    [Fact]
    public async Task AllOrNothing_WithBadAndDuplicateRows_WritesNothing_AndReportsEachBadLine()
    {
        var file = Read(
            Header,
            "김철수,AON,10,1반,01,,,,",
            "이영희,AON,abc,1반,02,,,,",
            "박민준,AON,10,1반,03,,,,",
            "최서연,AON,10,1반,03,,,,",
            "정하은,AON,10,1반,05,,,,");

        var actor = new Actor("all-or-nothing-admin", "관리자");

        var summary = await new RosterImporter(database.ContextFactory(actor), actor).ImportAsync(file, RosterImportMode.AllOrNothing);

        Assert.False(summary.Written);
        Assert.Equal([3, 4, 5], summary.Skipped.Select(r => r.Line));
        await using var db = database.CreateDbContext();
        Assert.False(await db.Students.AnyAsync(s => s.SchoolId == "AON"));
        Assert.False(await db.AuditLogs.AnyAsync(a => a.UserId == actor.UserId));
    }

    [Fact]
    public async Task SkipInvalid_WritesTheGoodRows_AndReportsTheOthers()
    {
        var file = Read(
            Header,
            "김철수,SKIP,10,1반,01,chulsoo@example.kr,010-1234-5678,visual,",
            "이영희,SKIP,abc,1반,02,,,,",
            "박민준,SKIP,10,1반,03,,,,",
            "최서연,SKIP,10,1반,03,,,,",
            "정하은,SKIP,12,1반,05,,,,2026-02-14");

        var summary = await Importer().ImportAsync(file, RosterImportMode.SkipInvalid);

        Assert.True(summary.Written);
        Assert.Equal((2, 0, 0), (summary.Created, summary.Updated, summary.Unchanged));
        Assert.Equal([3, 4, 5], summary.Skipped.Select(r => r.Line));
        await using var db = database.CreateDbContext();
        var students = await db.Students.Where(s => s.SchoolId == "SKIP").OrderBy(s => s.StudentNumber).ToListAsync();
        Assert.Equal(["김철수", "정하은"], students.Select(s => s.Name));
        Assert.Equal(("chulsoo@example.kr", "010-1234-5678", "visual"), (students[0].Email, students[0].ParentContact, students[0].Metadata.LearningStyle));
        Assert.Equal(new DateOnly(2026, 2, 14), students[1].GraduatedAt);
        Assert.Null(students[1].Metadata.LearningStyle);
    }

    [Fact]
    public async Task Upsert_UpdatesTheStudentAtTheIdentifier_KeepingMetadataKeysItDoesNotKnow()
    {
        var existing = await AddStudentAsync("UPS", "01", """{"learning_style":"auditory","interests":["math"],"node3_level":7}""");
        var before = await UpdatedAtAsync(existing);

        var summary = await Importer().ImportAsync(
            Read(Header, "김철수(개명),UPS,10,1반,01,new@example.kr,02-123-4567,visual,2026-02-14", "새학생,UPS,10,1반,02,,,,"),
            RosterImportMode.AllOrNothing);

        Assert.Equal((1, 1, 0), (summary.Created, summary.Updated, summary.Unchanged));
        await using var db = database.CreateDbContext();
        var student = await db.Students.SingleAsync(s => s.Id == existing);
        Assert.Equal(("김철수(개명)", "new@example.kr", "02-123-4567", new DateOnly(2026, 2, 14)),
            (student.Name, student.Email, student.ParentContact, student.GraduatedAt!.Value));
        Assert.Equal("visual", student.Metadata.LearningStyle);
        Assert.Equal(["math"], student.Metadata.Interests!);
        Assert.Equal(7, student.Metadata.Other!["node3_level"].GetInt32());
        Assert.True(student.UpdatedAt > before);
        Assert.Equal(2, await db.Students.CountAsync(s => s.SchoolId == "UPS"));
    }

    [Fact]
    public async Task Upsert_KeepsColumnsTheFileLacks_AndClearsEmptyCellsOfColumnsItHas()
    {
        var existing = await AddStudentAsync("KEEP", "01", """{"learning_style":"auditory","node3_level":7}""");

        await Importer().ImportAsync(
            Read("name,school_id,grade,class_name,student_number,email,learning_style", "김철수,KEEP,10,1반,01,,"),
            RosterImportMode.AllOrNothing);

        await using var db = database.CreateDbContext();
        var student = await db.Students.SingleAsync(s => s.Id == existing);
        Assert.Null(student.Email);
        Assert.Null(student.Metadata.LearningStyle);
        Assert.Equal(7, student.Metadata.Other!["node3_level"].GetInt32());
        Assert.Equal("010-0000-0000", student.ParentContact);
        Assert.Equal(new DateOnly(2025, 2, 14), student.GraduatedAt);
    }

    [Fact]
    public async Task ReImport_OfTheSameRoster_ChangesNothing_NotEvenTheVersion()
    {
        var file = Read(Header, "김철수,SAME,10,1반,01,chulsoo@example.kr,,visual,", "이영희,SAME,10,1반,02,,,,");
        await Importer().ImportAsync(file, RosterImportMode.AllOrNothing);
        await using var before = database.CreateDbContext();
        var versions = await before.Students.Where(s => s.SchoolId == "SAME").ToDictionaryAsync(s => s.Id, s => (s.Version, s.UpdatedAt));

        var again = await Importer().ImportAsync(file, RosterImportMode.AllOrNothing);

        Assert.Equal((0, 0, 2), (again.Created, again.Updated, again.Unchanged));
        await using var after = database.CreateDbContext();
        Assert.Equal(versions, await after.Students.Where(s => s.SchoolId == "SAME").ToDictionaryAsync(s => s.Id, s => (s.Version, s.UpdatedAt)));
    }

    [Fact]
    public async Task Import_WritesOneAuditRow_WithTheFileAndTheCounts()
    {
        var actor = new Actor("audit-admin", "감사 관리자");
        var file = Read(Header, "김철수,AUD,10,1반,01,,,,", "이영희,AUD,abc,1반,02,,,,");

        await new RosterImporter(database.ContextFactory(actor), actor).ImportAsync(file, RosterImportMode.SkipInvalid);

        await using var db = database.CreateDbContext();
        var audit = await db.AuditLogs.SingleAsync(a => a.UserId == "audit-admin");
        Assert.Equal((RosterImporter.AuditAction, "감사 관리자", nameof(Student)), (audit.Action, audit.UserName, audit.EntityType));
        Assert.Equal("roster.csv", audit.Details!["file"].GetString());
        Assert.Equal((2, 1, 0, 1), (audit.Details["rows"].GetInt32(), audit.Details["created"].GetInt32(),
            audit.Details["updated"].GetInt32(), audit.Details["skipped"].GetInt32()));
        Assert.Equal([3], audit.Details["skipped_lines"].EnumerateArray().Select(l => l.GetInt32()));
        // Bulk SQL passes by the interceptor: the import's own row is the only one.
        Assert.Equal(1, await db.AuditLogs.CountAsync(a => a.UserId == "audit-admin"));
    }

    [Fact]
    public async Task Progress_CountsTheRowsSent_ThenTheSave()
    {
        var lines = Enumerable.Range(1, 2500).Select(i => $"학생{i},PROG,10,1반,{i:D4},,,,");
        var reports = new List<RosterImportProgress>();

        await Importer().ImportAsync(Read([Header, .. lines]), RosterImportMode.AllOrNothing, new SynchronousProgress(reports.Add));

        Assert.Equal([1000, 2000, 2500], reports.Where(r => r.Stage == RosterImportStage.Staging).Select(r => r.Done));
        Assert.Equal(RosterImportStage.Saving, reports[^1].Stage);
    }

    [Fact]
    public async Task HundredThousandRows_AreImported()
    {
        const int count = 100_000;
        var csv = new StringBuilder(Header).Append("\r\n");
        for (var i = 0; i < count; i++)
            csv.Append($"학생{i},BULK{i / 2000:D3},{i % 12 + 1},{i / 12 % 10 + 1}반,{i:D6},s{i}@example.kr,010-{1000 + i % 9000}-{i % 10000:D4},visual,\r\n");
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());

        var stopwatch = Stopwatch.StartNew();
        var file = RosterFile.Read("bulk.csv", bytes);
        var read = stopwatch.Elapsed;
        var summary = await Importer().ImportAsync(file, RosterImportMode.AllOrNothing);
        var total = stopwatch.Elapsed;

        // A timed assertion would fail on a busy machine; the target is measured in the benchmarks. This reports it.
        output.WriteLine($"{count:N0} rows, {bytes.Length / 1024.0 / 1024.0:N1} MB: read and checked in {read.TotalSeconds:N2} s, " +
            $"imported in {(total - read).TotalSeconds:N2} s, {total.TotalSeconds:N2} s in all");
        Assert.Equal(count, summary.Created);
        await using var db = database.CreateDbContext();
        Assert.Equal(count, await db.Students.CountAsync(s => s.SchoolId.StartsWith("BULK")));
    }

    private RosterImporter Importer() => new(database.ContextFactory(Admin), Admin);

    private static RosterFile Read(params string[] lines) =>
        RosterFile.Read("roster.csv", Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n"));

    private static RosterRow Row(RosterFile file, int line) => file.Rows.Single(r => r.Line == line);

    private static (RosterProblemKind, RosterColumn) Single(RosterRow row)
    {
        var problem = Assert.Single(row.Problems);
        return (problem.Kind, problem.Column!.Value);
    }

    private async Task<Guid> AddStudentAsync(string school, string number, string metadataJson)
    {
        await using var db = database.CreateDbContext();
        var student = new Student
        {
            Name = "김철수",
            SchoolId = school,
            Grade = 10,
            ClassName = "1반",
            StudentNumber = number,
            Email = "old@example.kr",
            ParentContact = "010-0000-0000",
            GraduatedAt = new DateOnly(2025, 2, 14),
            Metadata = JsonSerializer.Deserialize<StudentMetadata>(metadataJson)!,
            UpdatedAt = DateTimeOffset.UtcNow.AddDays(-1),
        };
        db.Students.Add(student);
        await db.SaveChangesAsync();
        return student.Id;
    }

    private async Task<DateTimeOffset> UpdatedAtAsync(Guid id)
    {
        await using var db = database.CreateDbContext();
        return await db.Students.Where(s => s.Id == id).Select(s => s.UpdatedAt).SingleAsync();
    }

    private sealed record Actor(string? UserId, string? UserName) : IAuditActor;

    /// <summary>Reports on the caller's thread, in order (<see cref="Progress{T}"/> would post them to the pool).</summary>
    private sealed class SynchronousProgress(Action<RosterImportProgress> report) : IProgress<RosterImportProgress>
    {
        public void Report(RosterImportProgress value) => report(value);
    }
}
