using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace StudentHub.Web.Reports;

/// <summary>
/// A report as an A4 PDF drawn with PDFsharp in <see cref="ReportFonts"/>' embedded Korean font: text wraps at word
/// boundaries (a Korean word stays whole, as the student page's keep-all; a word wider than the line breaks where it
/// must), tables wrap within their columns and repeat their header on a new page, and pages are numbered.
/// </summary>
public sealed class PdfReportRenderer(PdfDocument pdf)
{
    public const string ContentType = "application/pdf";

    private const double Margin = 50;
    private const double CellPadding = 4;
    private static readonly XSize PageSize = new(595.28, 841.89);
    private static readonly XPdfFontOptions Embedded = new(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
    private static readonly XBrush Ink = XBrushes.Black;
    private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(85, 85, 85));
    private static readonly XBrush Shade = new XSolidBrush(XColor.FromArgb(238, 238, 238));
    private static readonly XPen Rule = new(XColor.FromArgb(200, 200, 200), 0.5);

    // Per document, not shared: two runs may draw at once.
    private readonly XFont _titleFont = Font(18, XFontStyleEx.Bold);
    private readonly XFont _headingFont = Font(13, XFontStyleEx.Bold);
    private readonly XFont _bodyFont = Font(10, XFontStyleEx.Regular);
    private readonly XFont _headerCellFont = Font(10, XFontStyleEx.Bold);
    private readonly XFont _smallFont = Font(8, XFontStyleEx.Regular);
    private XGraphics _gfx = default!;
    private double _y;

    private static double Width => PageSize.Width - 2 * Margin;

    private static XFont Font(double size, XFontStyleEx style)
    {
        ReportFonts.Install();
        return new XFont(ReportFonts.Family, size, style, Embedded);
    }

    public static byte[] Render(ReportDocument document)
    {
        using var pdf = new PdfDocument();
        return new PdfReportRenderer(pdf).Draw(document);
    }

    private byte[] Draw(ReportDocument document)
    {
        pdf.Info.Title = document.Title + " · " + document.Lines[0];
        pdf.Info.Creator = "Student Hub";
        pdf.Options.CompressContentStreams = true;
        NewPage();
        Paragraph(document.Title, _titleFont, Ink, after: 6);
        foreach (var line in document.Lines)
            Paragraph(line, _bodyFont, Muted, after: 2);
        foreach (var part in document.Parts)
        {
            _y += 14;
            // A heading at the foot of a page, its content on the next, reads as a mistake: keep it with a few lines of what follows.
            EnsureSpace(LineHeight(_headingFont) + 4 * LineHeight(_bodyFont));
            Paragraph(part.Heading, _headingFont, Ink, after: 2);
            _gfx.DrawLine(Rule, Margin, _y, Margin + Width, _y);
            _y += 6;
            foreach (var block in part.Blocks)
                Block(block);
        }
        _gfx.Dispose();
        NumberPages();

        using var output = new MemoryStream();
        pdf.Save(output, closeStream: false);
        return output.ToArray();
    }

    private void Block(ReportBlock block)
    {
        switch (block)
        {
            case ReportParagraph p:
                Paragraph(p.Text, _bodyFont, Ink, after: 4);
                break;
            case ReportBullets b:
                foreach (var item in b.Items)
                    Bullet(item);
                _y += 4;
                break;
            case ReportTable t:
                Table(t);
                break;
        }
    }

    private void Paragraph(string text, XFont font, XBrush brush, double after, double indent = 0)
    {
        foreach (var line in Wrap(text, font, Width - indent))
        {
            EnsureSpace(LineHeight(font));
            _gfx.DrawString(line, font, brush, Margin + indent, _y, XStringFormats.TopLeft);
            _y += LineHeight(font);
        }
        _y += after;
    }

    private void Bullet(string text)
    {
        const double indent = 12;
        EnsureSpace(LineHeight(_bodyFont));
        _gfx.DrawString("•", _bodyFont, Ink, Margin + 2, _y, XStringFormats.TopLeft);
        Paragraph(text, _bodyFont, Ink, after: 2, indent);
    }

    private void Table(ReportTable table)
    {
        var header = table.Header.Count > 0 ? table.Header : null;
        var widths = ColumnWidths(table, header?.Count ?? 2);
        if (header is not null)
            Row(header, widths, _headerCellFont, header: null);
        foreach (var row in table.Rows)
            Row(row, widths, _bodyFont, header);
        _y += 6;
    }

    /// <summary>
    /// Each column as wide as its widest cell; when the table would be wider than the page, the narrow columns keep their
    /// width and the wide ones share what is left equally (a long concept name wraps, a percentage never does).
    /// </summary>
    private double[] ColumnWidths(ReportTable table, int columns)
    {
        var natural = new double[columns];
        var rows = table.Rows.Select(r => (Cells: r, Font: _bodyFont));
        if (table.Header.Count > 0)
            rows = rows.Prepend((table.Header, _headerCellFont));
        foreach (var (cells, font) in rows)
            for (var c = 0; c < columns; c++)
                natural[c] = Math.Max(natural[c], _gfx.MeasureString(cells[c], font).Width + 2 * CellPadding + 1);

        var widths = new double[columns];
        var remaining = Width;
        var open = Enumerable.Range(0, columns).OrderBy(c => natural[c]).ToList();
        while (open.Count > 0)
        {
            var share = remaining / open.Count;
            if (natural[open[0]] > share)
            {
                open.ForEach(c => widths[c] = share);
                break;
            }
            widths[open[0]] = natural[open[0]];
            remaining -= natural[open[0]];
            open.RemoveAt(0);
        }
        return widths;
    }

    /// <summary>
    /// One row, on the next page when it does not fit, after <paramref name="header"/> again. A header row, and the
    /// labels of a table without one, are shaded.
    /// </summary>
    private void Row(IReadOnlyList<string> cells, double[] widths, XFont font, IReadOnlyList<string>? header)
    {
        var lines = cells.Select((cell, c) => Wrap(cell, font, widths[c] - 2 * CellPadding)).ToList();
        var height = lines.Max(l => l.Count) * LineHeight(font) + 2 * CellPadding;
        if (_y + height > PageSize.Height - Margin)
        {
            NewPage();
            if (header is not null)
                Row(header, widths, _headerCellFont, header: null);
        }
        var isHeader = ReferenceEquals(font, _headerCellFont);
        var x = Margin;
        for (var c = 0; c < cells.Count; c++)
        {
            var cell = new XRect(x, _y, widths[c], height);
            if (isHeader || (header is null && c == 0))
                _gfx.DrawRectangle(Shade, cell);
            _gfx.DrawRectangle(Rule, cell);
            var y = _y + CellPadding;
            foreach (var line in lines[c])
            {
                _gfx.DrawString(line, font, Ink, x + CellPadding, y, XStringFormats.TopLeft);
                y += LineHeight(font);
            }
            x += widths[c];
        }
        _y += height;
    }

    /// <summary>Lines of <paramref name="text"/> no wider than <paramref name="width"/>, broken at spaces where possible.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Fits(candidate, font, width))
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                    lines.Add(line);
                line = word;
                // A word wider than the line (a long concept name, a URL) breaks between characters.
                while (!Fits(line, font, width) && new StringInfo(line).LengthInTextElements > 1)
                {
                    var info = new StringInfo(line);
                    var take = info.LengthInTextElements - 1;
                    while (take > 1 && !Fits(info.SubstringByTextElements(0, take), font, width))
                        take--;
                    lines.Add(info.SubstringByTextElements(0, take));
                    line = info.SubstringByTextElements(take);
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    private bool Fits(string text, XFont font, double width) => _gfx.MeasureString(text, font).Width <= width;

    private static double LineHeight(XFont font) => font.Size * 1.45;

    private void EnsureSpace(double height)
    {
        if (_y + height > PageSize.Height - Margin)
            NewPage();
    }

    private void NewPage()
    {
        _gfx?.Dispose();
        var page = pdf.AddPage();
        page.Width = XUnit.FromPoint(PageSize.Width);
        page.Height = XUnit.FromPoint(PageSize.Height);
        _gfx = XGraphics.FromPdfPage(page);
        _y = Margin;
    }

    private void NumberPages()
    {
        for (var i = 0; i < pdf.PageCount; i++)
        {
            using var gfx = XGraphics.FromPdfPage(pdf.Pages[i]);
            gfx.DrawString($"{i + 1} / {pdf.PageCount}", _smallFont, Muted,
                new XRect(Margin, PageSize.Height - Margin + 12, Width, 12), XStringFormats.TopCenter);
        }
    }
}
