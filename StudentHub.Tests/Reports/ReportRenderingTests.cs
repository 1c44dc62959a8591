using System.Globalization;
using System.Text;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;
using StudentHub.Data.Entities;
using StudentHub.Web.Interventions;
using StudentHub.Web.Localization;
using StudentHub.Web.Reports;

namespace StudentHub.Tests.Reports;

/// <summary>The two renderers: a PDF that carries its own Korean font (a subset) and paginates, an HTML file that escapes what it shows.</summary>
public sealed class ReportRenderingTests
{
    private static readonly DateTimeOffset Now = ReportTestKit.Now;

    [Fact]
    public void Pdf_EmbedsASubsetOfTheKoreanFont_WithTheHangulItDraws()
    {
        var pdf = PdfReportRenderer.Render(Korean(Data("김하늘")));

        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        // The whole NanumGothic is 4.7 MB: a subset of the glyphs drawn keeps a report small.
        Assert.InRange(pdf.Length, 1_000, 150_000);
        var fonts = Fonts(pdf);
        var font = Assert.Single(fonts);
        Assert.Contains("NanumGothic", font.BaseFont);
        Assert.True(font.Embedded, "the font file is embedded (/FontFile2)");
        // ToUnicode maps the glyphs back to text, so the PDF's Hangul can be searched and copied: 김 하 늘 and a label's 학.
        foreach (var hangul in "김하늘학")
            Assert.Contains(((int)hangul).ToString("X4", CultureInfo.InvariantCulture), font.ToUnicode, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Pdf_WrapsLongText_AndRunsOnToMorePages()
    {
        var concepts = Enumerable.Range(1, 90)
            .Select(i => new ConceptEstimate($"아주 긴 개념 이름 {i} " + new string('가', 120), 0.1 + i / 200.0, 5, 2, 1, 2, Now.AddDays(-9), Now.AddDays(-1)))
            .ToList();

        var pdf = PdfReportRenderer.Render(Korean(Data("김하늘") with { Mastery = concepts }));

        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        Assert.True(document.PageCount > 3, $"{document.PageCount} pages");
    }

    [Fact]
    public void Html_EscapesEveryText_AndCarriesNoScriptOrExternalAsset()
    {
        var html = Encoding.UTF8.GetString(HtmlReportRenderer.Render(Korean(Data("<script>alert(1)</script>김"))));

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;김", html);
        Assert.DoesNotContain("http", html);
        Assert.Contains("학습 진행 리포트", html);
        Assert.Contains("정답률 50%", html);
    }

    [Fact]
    public void Sections_OnlyThoseAskedFor_AreShown()
    {
        var data = Data("김하늘") with { Sections = StudentReportBuilder.SectionsOf(["progress", "recommendations"]) };

        var html = Encoding.UTF8.GetString(HtmlReportRenderer.Render(Korean(data)));

        Assert.Contains("학습 활동과 정답률", html);
        Assert.Contains("권장 사항", html);
        Assert.DoesNotContain("개념별 숙련도", html);
        Assert.DoesNotContain("학생 정보", html);
    }

    [Fact]
    public void Korean_CallsInterventionsByTheAppsTerm_InTheHeadingAndRecommendations()
    {
        var html = Encoding.UTF8.GetString(HtmlReportRenderer.Render(Korean(Data("김하늘"))));

        Assert.Contains(">학습 처방<", html);
        // The stalled intervention's recommendation.
        Assert.Contains("진행 중인 학습 처방(", html);
        Assert.DoesNotContain("개입", html);
    }

    private static ReportDocument Korean(StudentReportData data)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ko-KR");
            return ReportDocument.Compose(data, ReaderTimeZone.Seoul);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    private static StudentReportData Data(string name)
    {
        var activity = new List<EventTypeActivity> { new(EventType.Study, 3, 1, 1, 1, 1_500), new(EventType.Review, 1, 0, 0, 0, 300) };
        var mastery = new List<ConceptEstimate> { new("분수의 나눗셈", 0.4, 6, 2, 1, 3, Now.AddDays(-9), Now.AddDays(-1)) };
        var interventions = new List<ReportIntervention> { new(InterventionType.Auto, InterventionStatus.Active, 1, 4, Now.AddDays(-20), true, ["소수"]) };
        return new StudentReportData(new ReportProfile(Guid.NewGuid(), name, "SCH001", 6, "3반", "07"), null, Now.AddDays(-7), Now,
            StudentReportBuilder.SectionsOf(null), activity, mastery, 0.85, interventions,
            StudentReportBuilder.Recommend(activity, mastery, 0.85, interventions));
    }

    private sealed record EmbeddedFont(string BaseFont, bool Embedded, string ToUnicode);

    /// <summary>The PDF's composite fonts: name, whether the descendant's descriptor embeds a TrueType file, and the ToUnicode CMap.</summary>
    private static List<EmbeddedFont> Fonts(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var fonts = new List<EmbeddedFont>();
        foreach (var o in document.Internals.GetAllObjects())
        {
            if (o is not PdfDictionary font || font.Elements.GetName("/Type") != "/Font" || font.Elements.GetName("/Subtype") != "/Type0")
                continue;
            var descendant = (PdfDictionary)((PdfReference)font.Elements.GetArray("/DescendantFonts")!.Elements[0]).Value;
            var descriptor = descendant.Elements.GetDictionary("/FontDescriptor")!;
            var toUnicode = font.Elements.GetDictionary("/ToUnicode")!.Stream!;
            fonts.Add(new EmbeddedFont(font.Elements.GetName("/BaseFont"), descriptor.Elements.ContainsKey("/FontFile2"),
                Encoding.ASCII.GetString(toUnicode.UnfilteredValue)));
        }
        return fonts;
    }
}
