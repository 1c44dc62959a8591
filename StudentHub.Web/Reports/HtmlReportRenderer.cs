using System.Globalization;
using System.Net;
using System.Text;

namespace StudentHub.Web.Reports;

/// <summary>
/// A report as one self-contained HTML file: inline CSS, no script, no external asset (it is opened offline, from a
/// download), every text escaped. Hangul is drawn by the reader's own Korean fonts.
/// </summary>
public static class HtmlReportRenderer
{
    public const string ContentType = "text/html; charset=utf-8";

    private const string Style = """
        body { font-family: "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", NanumGothic, sans-serif; color: #222; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; word-break: keep-all; }
        h1 { font-size: 1.6rem; margin-bottom: .25rem; }
        h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; padding-bottom: .25rem; margin-top: 2rem; }
        .meta { color: #555; margin: 0; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
        th, td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
        thead th, tbody th { background: #f3f3f3; }
        """;

    public static byte[] Render(ReportDocument document)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(E(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(document.Title)).Append(" · ").Append(E(document.Lines[0])).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(E(document.Title)).Append("</h1>\n");
        foreach (var line in document.Lines)
            html.Append("<p class=\"meta\">").Append(E(line)).Append("</p>\n");
        foreach (var part in document.Parts)
        {
            html.Append("<section>\n<h2>").Append(E(part.Heading)).Append("</h2>\n");
            foreach (var block in part.Blocks)
                Append(html, block);
            html.Append("</section>\n");
        }
        html.Append("</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static void Append(StringBuilder html, ReportBlock block)
    {
        switch (block)
        {
            case ReportParagraph p:
                html.Append("<p>").Append(E(p.Text)).Append("</p>\n");
                break;
            case ReportBullets b:
                html.Append("<ul>\n");
                foreach (var item in b.Items)
                    html.Append("<li>").Append(E(item)).Append("</li>\n");
                html.Append("</ul>\n");
                break;
            case ReportTable { Header.Count: 0 } t:
                html.Append("<table>\n<tbody>\n");
                foreach (var row in t.Rows)
                    html.Append("<tr><th scope=\"row\">").Append(E(row[0])).Append("</th><td>").Append(E(row[1])).Append("</td></tr>\n");
                html.Append("</tbody>\n</table>\n");
                break;
            case ReportTable t:
                html.Append("<table>\n<thead><tr>");
                foreach (var cell in t.Header)
                    html.Append("<th scope=\"col\">").Append(E(cell)).Append("</th>");
                html.Append("</tr></thead>\n<tbody>\n");
                foreach (var row in t.Rows)
                {
                    html.Append("<tr>");
                    foreach (var cell in row)
                        html.Append("<td>").Append(E(cell)).Append("</td>");
                    html.Append("</tr>\n");
                }
                html.Append("</tbody>\n</table>\n");
                break;
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
