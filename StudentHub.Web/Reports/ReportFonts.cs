using PdfSharp.Fonts;

namespace StudentHub.Web.Reports;

/// <summary>
/// Gives PDFsharp NanumGothic (SIL OFL 1.1, <c>Fonts/OFL.txt</c>) from this assembly for every font it asks for, so a
/// PDF draws Hangul on any machine, none of whose fonts are read. PDFsharp embeds only the glyphs a document uses.
/// Bold is simulated: a second face would double the 4.7 MB the app carries for headings alone.
/// </summary>
public sealed class ReportFonts : IFontResolver
{
    public const string Family = "NanumGothic";

    private const string Face = "NanumGothic";
    private const string Resource = "StudentHub.Web.Reports.Fonts.NanumGothic.ttf";

    private static readonly ReportFonts Instance = new();
    private static readonly Lock Gate = new();
    private static readonly Lazy<byte[]> Regular = new(() =>
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The report font {Resource} is missing from the assembly.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    });

    /// <summary>
    /// Makes this PDFsharp's font resolver, once per process: PDFsharp's setting is global and must not change after
    /// its first font. Any other PDF the app makes should call this too and draw with <see cref="Family"/>.
    /// </summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not ReportFonts)
                GlobalFontSettings.FontResolver = Instance;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(Face, mustSimulateBold: isBold, mustSimulateItalic: isItalic);

    public byte[] GetFont(string faceName) => Regular.Value;
}
