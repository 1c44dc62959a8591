using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Security;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>The import page over the test class's database, signed in as an admin, in <paramref name="culture"/>.</summary>
public abstract class RosterImportPageTest : AppComponentTest
{
    protected const string Header = "name,school_id,grade,class_name,student_number,email,parent_contact,learning_style,graduated_at";

    protected RosterImportPageTest(DatabaseFixture database, string culture) : base(culture)
    {
        Database = database;
        UseDatabase(database);
        Services.AddScoped<IAuditActor>(sp => sp.GetRequiredService<CurrentUser>());
        Services.AddScoped<RosterImporter>();
        SignIn("page-admin", "관리자 김하늘", Roles.Admin);
    }

    protected DatabaseFixture Database { get; }

    protected static void Upload(IRenderedComponent<RosterImportPage> page, string fileName, params string[] lines) =>
        page.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n"), fileName));
}

/// <summary>The import page: upload, the preview and its line-numbered problems, the choice of mode, the summary.</summary>
public class RosterImportPageTests(DatabaseFixture database) : RosterImportPageTest(database, "en-US"), IClassFixture<DatabaseFixture>
{
    [Fact]
    public void Preview_ShowsTheFirstRows_AndEachProblemWithItsLine()
    {
        var page = Render<RosterImportPage>();

        Upload(page, "roster.csv", Header,
            "김철수,PAGE1,10,1반,01,,,,",
            "이영희,PAGE1,abc,1반,02,,,,",
            "박민준,PAGE1,10,1반,03,not-an-email,,,",
            "최서연,PAGE1,10,1반,03,,,,");

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=preview-row]").Count));
        Assert.Contains("4 rows", page.Find("[data-testid=count-rows]").TextContent);
        Assert.Contains("3 with problems", page.Find("[data-testid=count-invalid]").TextContent);
        var problems = Problems(page, "problems");
        Assert.Contains((3, "Grade “abc” is not a whole number from 1 to 12."), problems);
        Assert.Contains((4, "“not-an-email” is not an email address."), problems);
        Assert.Contains((4, "The same school, grade, class and number are also on line 5: keep one of them."), problems);
        Assert.Contains((5, "The same school, grade, class and number are also on line 4: keep one of them."), problems);
    }

    [Fact]
    public async Task AllOrNothing_IsBlockedByBadRows_SkipInvalid_ImportsTheRest_AndSummarizes()
    {
        var page = Render<RosterImportPage>();
        Upload(page, "roster.csv", Header,
            "김철수,PAGE2,10,1반,01,,,,",
            "이영희,PAGE2,abc,1반,02,,,,",
            "박민준,PAGE2,10,1반,03,,,visual,");
        page.WaitForAssertion(() => page.Find("[data-testid=import]"));

        Assert.True(page.Find("[data-testid=import]").HasAttribute("disabled"));
        Assert.Contains("1 row(s) have problems, so nothing would be written", page.Find("[data-testid=blocked]").TextContent);

        page.Find("input[data-testid=mode-skip]").Click();
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=import]").HasAttribute("disabled")));
        Assert.Contains("Import 2 rows", page.Find("[data-testid=import]").TextContent);
        page.Find("[data-testid=import]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=summary]"), TimeSpan.FromSeconds(30));
        Assert.StartsWith("Imported: 2 created, 0 updated, 0 unchanged, 1 skipped", page.Find("[data-testid=summary-text]").TextContent.Trim());
        Assert.Equal([(3, "Grade “abc” is not a whole number from 1 to 12.")], Problems(page, "skipped"));
        Assert.Empty(page.FindAll("[data-testid=import]"));
        await using var db = Database.CreateDbContext();
        Assert.Equal(["김철수", "박민준"], await db.Students.Where(s => s.SchoolId == "PAGE2").OrderBy(s => s.StudentNumber).Select(s => s.Name).ToListAsync());
        Assert.True(await db.AuditLogs.AnyAsync(a => a.Action == RosterImporter.AuditAction && a.UserId == "page-admin"));
    }

    [Fact]
    public void Import_ShowsAProgressBar_FedByTheServicesReports()
    {
        var page = Render<RosterImportPage>();
        Upload(page, "roster.csv", [Header, .. Enumerable.Range(1, 3000).Select(i => $"학생{i},PAGE3,10,1반,{i:D4},,,,")]);
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=import]").HasAttribute("disabled")));
        var progressTexts = new List<string>();
        page.OnMarkupUpdated += (_, _) =>
        {
            if (page.FindAll("[data-testid=progress-text]") is [var text, ..])
                progressTexts.Add(text.TextContent.Trim());
        };

        page.Find("[data-testid=import]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=summary]"), TimeSpan.FromSeconds(30));
        Assert.Contains("Sending rows: 1,000 of 3,000", progressTexts);
        Assert.Contains("Saving the students…", progressTexts);
        Assert.Empty(page.FindAll("[data-testid=progress]"));
    }

    [Fact]
    public void AFileOverTheLimit_IsRefusedBeforeItIsRead()
    {
        var page = Render<RosterImportPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[50 * 1024 * 1024], "huge.csv"));

        page.WaitForAssertion(() => Assert.Equal(
            "huge.csv is 50 MB; the limit is 20 MB. Split the roster into smaller files.",
            page.Find("[data-testid=file-problem]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=preview]"));
    }

    [Fact]
    public void AFileNotInUtf8_IsRefused_WithHowToSaveIt()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var page = Render<RosterImportPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(
            Encoding.GetEncoding(51949).GetBytes(Header + "\r\n김철수,EUC,10,1반,01,,,,\r\n"), "euc-kr.csv"));

        page.WaitForAssertion(() => Assert.Contains(
            "euc-kr.csv is not UTF-8 text (the first unreadable character is on line 2)", page.Find("[data-testid=file-problem]").TextContent));
        Assert.Contains("Save it as UTF-8 (CSV UTF-8 in Excel)", page.Find("[data-testid=file-problem]").TextContent);
    }

    [Fact]
    public void AFileWithoutARequiredColumn_SaysWhichOne()
    {
        var page = Render<RosterImportPage>();

        Upload(page, "roster.csv", "name,school_id,grade,class_name", "김철수,MISS,10,1반");

        page.WaitForAssertion(() => Assert.StartsWith(
            "roster.csv has no column student_number.", page.Find("[data-testid=file-problem]").TextContent.Trim()));
    }

    private static List<(int Line, string Problem)> Problems(IRenderedComponent<RosterImportPage> page, string grid) =>
        page.FindAll($"[data-testid={grid}] tbody tr")
            .Select(r => r.QuerySelectorAll("td"))
            .Where(cells => cells.Length == 3)
            .Select(cells => (int.Parse(cells[0].TextContent.Trim()), cells[2].TextContent.Trim()))
            .ToList();
}

/// <summary>The same page in Korean: every message the admin reads is translated.</summary>
public class RosterImportPageKoreanTests(DatabaseFixture database) : RosterImportPageTest(database, "ko-KR"), IClassFixture<DatabaseFixture>
{
    [Fact]
    public void Korean_PreviewAndProblems()
    {
        var page = Render<RosterImportPage>();

        Upload(page, "명단.csv", "이름,학교,학년,반,번호", "김철수,KO,열,1반,01", "이영희,KO,10,1반,02");

        page.WaitForAssertion(() => Assert.Contains("문제 1행", page.Find("[data-testid=count-invalid]").TextContent));
        Assert.Contains("학년 “열”은(는) 1부터 12까지의 정수가 아닙니다.", page.Find("[data-testid=problems]").TextContent);
        Assert.Contains("전부 아니면 없음: 문제 있는 행이 1개이므로 아무것도 쓰지 않습니다.", page.Find("[data-testid=blocked]").TextContent);
    }
}
