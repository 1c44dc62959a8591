using System.Globalization;
using System.Resources;
using StudentHub.Web.Interventions;
using StudentHub.Web.Students;

namespace StudentHub.Web.Reports;

/// <summary>
/// A report in words, in the current culture, times in <c>zone</c>: what both renderers draw, so the PDF and the HTML
/// say the same. Labels come from <c>ReportDocument.resx</c>.
/// </summary>
public sealed record ReportDocument(string Title, IReadOnlyList<string> Lines, IReadOnlyList<ReportPart> Parts)
{
    private static readonly ResourceManager Resources = new(typeof(ReportDocument).FullName!, typeof(ReportDocument).Assembly);

    public static ReportDocument Compose(StudentReportData data, TimeZoneInfo zone)
    {
        var profile = data.Profile;
        var period = data.PeriodStart is null
            ? Text("PeriodFirst", Time(data.From, zone), Time(data.To, zone), (int)StudentReportBuilder.FirstPeriod.TotalDays)
            : Text("Period", Time(data.From, zone), Time(data.To, zone));
        var parts = new List<ReportPart>();
        if (data.Sections.Contains(ReportSection.Profile))
            parts.Add(new ReportPart(Text("ProfileHeading"), [new ReportTable([],
            [
                [Text("Name"), profile.Name],
                [Text("School"), profile.SchoolId],
                [Text("Grade"), profile.Grade.ToString(CultureInfo.CurrentCulture)],
                [Text("Class"), profile.ClassName ?? "—"],
                [Text("Number"), profile.StudentNumber ?? "—"],
            ])]));
        if (data.Sections.Contains(ReportSection.Progress))
            parts.Add(new ReportPart(Text("ProgressHeading"), Progress(data)));
        if (data.Sections.Contains(ReportSection.Mastery))
            parts.Add(new ReportPart(Text("MasteryHeading"), Mastery(data)));
        if (data.Sections.Contains(ReportSection.Interventions))
            parts.Add(new ReportPart(Text("InterventionsHeading"), Interventions(data, zone)));
        if (data.Sections.Contains(ReportSection.Recommendations))
            parts.Add(new ReportPart(Text("RecommendationsHeading"), [new ReportBullets(data.Recommendations.Select(r => Recommendation(r, data.TargetMastery)).ToList())]));
        return new ReportDocument(Text("Title"), [Text("StudentLine", profile.Name, profile.SchoolId, profile.Grade), period], parts);
    }

    private static List<ReportBlock> Progress(StudentReportData data)
    {
        if (data.Events == 0)
            return [new ReportParagraph(Text("NoActivity"))];
        var accuracy = data.Accuracy is { } a ? Text("Accuracy", Percent(a), data.Correct, data.Partial, data.Results) : Text("NoResults");
        return
        [
            new ReportParagraph(Text("Summary", data.Events, Duration(data.SecondsSpent))),
            new ReportParagraph(accuracy),
            new ReportTable([Text("EventType"), Text("Events"), Text("Correct"), Text("Partial"), Text("Incorrect"), Text("TimeSpent")],
                data.Activity.Select(t => (IReadOnlyList<string>)
                [
                    StudentLabels.EventType(t.EventType), Count(t.Events), Count(t.Correct), Count(t.Partial), Count(t.Incorrect), Duration(t.SecondsSpent),
                ]).ToList()),
        ];
    }

    private static List<ReportBlock> Mastery(StudentReportData data)
    {
        if (data.Mastery.Count == 0)
            return [new ReportParagraph(Text("NoMastery"))];
        return
        [
            new ReportParagraph(Text("MasteryCaption", Percent(data.TargetMastery))),
            new ReportTable([Text("Concept"), Text("Mastery"), Text("Attempts"), Text("Standing")],
                data.Mastery.Select(c => (IReadOnlyList<string>)
                [
                    c.Concept, Percent(c.Mastery), Count(c.Attempts), Text(c.Mastery >= data.TargetMastery ? "AtTarget" : "BelowTarget"),
                ]).ToList()),
        ];
    }

    private static List<ReportBlock> Interventions(StudentReportData data, TimeZoneInfo zone)
    {
        if (data.Interventions.Count == 0)
            return [new ReportParagraph(Text("NoInterventions"))];
        return
        [
            new ReportTable([Text("InterventionType"), Text("Status"), Text("Progress"), Text("Concepts"), Text("Since")],
                data.Interventions.Select(i => (IReadOnlyList<string>)
                [
                    StudentLabels.InterventionType(i.Type),
                    i.Stalled ? Text("StalledStatus", InterventionLabels.Status(i.Status)) : InterventionLabels.Status(i.Status),
                    Text("Steps", i.Completed, i.Total),
                    i.Concepts.Count == 0 ? "—" : string.Join(", ", i.Concepts),
                    Day(i.CreatedAt, zone),
                ]).ToList()),
        ];
    }

    private static string Recommendation(Recommendation r, double target) => r.Kind switch
    {
        RecommendationKind.NoActivity => Text("RecommendNoActivity"),
        RecommendationKind.PlanPractice => Text("RecommendPractice", r.Subject, Percent(r.Mastery ?? 0), Percent(target)),
        RecommendationKind.Stalled => Text("RecommendStalled", r.Subject.Length == 0 ? "—" : r.Subject),
        _ => Text("RecommendOnTrack"),
    };

    private static string Time(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => fraction.ToString("P0", CultureInfo.CurrentCulture);

    private static string Count(long n) => n.ToString("N0", CultureInfo.CurrentCulture);

    private static string Duration(long seconds) => Text("Duration", seconds / 3600, seconds % 3600 / 60);

    private static string Text(string key, params object[] args)
    {
        var format = Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
        return args.Length == 0 ? format : string.Format(CultureInfo.CurrentCulture, format, args);
    }
}

public abstract record ReportBlock;

public sealed record ReportParagraph(string Text) : ReportBlock;

/// <param name="Header">The column names; empty for a two-column table of labels and values.</param>
public sealed record ReportTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock;

public sealed record ReportBullets(IReadOnlyList<string> Items) : ReportBlock;

public sealed record ReportPart(string Heading, IReadOnlyList<ReportBlock> Blocks);
