using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;
using StudentHub.Web.Interventions;

namespace StudentHub.Web.Reports;

/// <summary>The parts of a report a task's <c>config.include_sections</c> can name.</summary>
public enum ReportSection
{
    Profile,
    Progress,
    Mastery,
    Interventions,
    Recommendations,
}

/// <summary>Everything one student's report says, as numbers: <see cref="ReportDocument"/> puts it in words.</summary>
/// <param name="PeriodStart">The previous report's end; null for the student's first report.</param>
/// <param name="From">Where the activity counted starts: <paramref name="PeriodStart"/>, or <see cref="StudentReportBuilder.FirstPeriod"/> before the end.</param>
/// <param name="To">The moment the report was made (exclusive).</param>
/// <param name="Mastery">Every concept the mastery model knows of, weakest first.</param>
public sealed record StudentReportData(
    ReportProfile Profile,
    DateTimeOffset? PeriodStart,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlySet<ReportSection> Sections,
    IReadOnlyList<EventTypeActivity> Activity,
    IReadOnlyList<ConceptEstimate> Mastery,
    double TargetMastery,
    IReadOnlyList<ReportIntervention> Interventions,
    IReadOnlyList<Recommendation> Recommendations)
{
    public long Events => Activity.Sum(a => a.Events);
    public long Correct => Activity.Sum(a => a.Correct);
    public long Partial => Activity.Sum(a => a.Partial);
    public long Results => Activity.Sum(a => a.Correct + a.Partial + a.Incorrect);
    public long SecondsSpent => Activity.Sum(a => a.SecondsSpent);

    /// <summary>0–1, a partial result counting half (as the student page's accuracy chart); null without results.</summary>
    public double? Accuracy => Results == 0 ? null : (Correct + Partial * 0.5) / Results;
}

public sealed record ReportProfile(Guid Id, string Name, string SchoolId, int Grade, string? ClassName, string? StudentNumber);

/// <summary>One event type's events in the period, the results among them, and the time they report.</summary>
public sealed record EventTypeActivity(EventType EventType, long Events, long Correct, long Partial, long Incorrect, long SecondsSpent);

public sealed record ReportIntervention(InterventionType Type, InterventionStatus Status, int Completed, int Total, DateTimeOffset CreatedAt, bool Stalled, IReadOnlyList<string> Concepts);

public enum RecommendationKind
{
    /// <summary>Nothing happened in the period.</summary>
    NoActivity,

    /// <summary>A concept below the target that no active or paused intervention works on.</summary>
    PlanPractice,

    /// <summary>An active intervention nobody has moved forward for a while (<see cref="InterventionRules.IsStalled"/>).</summary>
    Stalled,

    /// <summary>Nothing to act on.</summary>
    OnTrack,
}

/// <param name="Subject">The concept, or the stalled intervention's concepts; empty for the others.</param>
public sealed record Recommendation(RecommendationKind Kind, string Subject = "", double? Mastery = null);

/// <summary>
/// Gathers one student's report: the profile, the events since the previous report (by type, results, time spent), the
/// mastery per concept from <see cref="StudentMastery"/> (the model the charts and the automatic interventions read), the
/// interventions, and recommendations derived from those. Reads every school: the task runs as the system.
/// </summary>
public sealed class StudentReportBuilder(
    IDbContextFactory<StudentHubDbContext> contextFactory, StudentMastery mastery, IOptionsMonitor<InterventionOptions> interventionOptions)
{
    /// <summary>A student's first report covers the week before it: long enough to say something, short enough to be news.</summary>
    public static readonly TimeSpan FirstPeriod = TimeSpan.FromDays(7);

    /// <summary>At most this many concepts are recommended for practice, the weakest: a report is read, not searched.</summary>
    public const int MaxPracticeRecommendations = 5;

    /// <summary>The section names of <c>config.include_sections</c>, as the design document writes them ("progress").</summary>
    public static string NameOf(ReportSection section) => SnakeCaseEnumConverter<ReportSection>.ToDatabase(section);

    /// <summary>The sections <paramref name="names"/> asks for; every section when it names none. An unknown name throws, naming the known ones.</summary>
    public static IReadOnlySet<ReportSection> SectionsOf(IReadOnlyCollection<string>? names)
    {
        if (names is null || names.Count == 0)
            return Enum.GetValues<ReportSection>().ToHashSet();
        var known = Enum.GetValues<ReportSection>().ToDictionary(NameOf, StringComparer.OrdinalIgnoreCase);
        return names.Select(n => known.TryGetValue(n.Trim(), out var section)
                ? section
                : throw new InvalidOperationException(
                    $"config.include_sections: \"{n}\" is not a report section; use any of {string.Join(", ", known.Keys)}."))
            .ToHashSet();
    }

    /// <summary>The report of <paramref name="studentId"/> up to <paramref name="now"/>; null when there is no such student.</summary>
    public async Task<StudentReportData?> BuildAsync(Guid studentId, IReadOnlySet<ReportSection> sections, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var profile = await db.Students.AsNoTracking().Where(s => s.Id == studentId)
            .Select(s => new ReportProfile(s.Id, s.Name, s.SchoolId, s.Grade, s.ClassName, s.StudentNumber))
            .SingleOrDefaultAsync(ct);
        if (profile is null)
            return null;

        // idx_student_reports_student_created serves this.
        var periodStart = await db.StudentReports.Where(r => r.StudentId == studentId)
            .OrderByDescending(r => r.CreatedAt).Select(r => (DateTimeOffset?)r.PeriodEnd).FirstOrDefaultAsync(ct);
        var from = periodStart ?? now - FirstPeriod;

        // The period's partitions only (idx_lh_student_occurred); credit as the accuracy chart counts it.
        var rows = await db.Database.SqlQuery<ActivityRow>($"""
            SELECT e.event_type,
                   count(*) AS events,
                   count(*) FILTER (WHERE e.content->>'result' = 'correct') AS correct,
                   count(*) FILTER (WHERE e.content->>'result' = 'partial') AS partial,
                   count(*) FILTER (WHERE e.content->>'result' = 'incorrect') AS incorrect,
                   coalesce(sum(CASE WHEN jsonb_typeof(e.content->'time_spent') = 'number' THEN (e.content->>'time_spent')::numeric END), 0)::bigint AS seconds_spent
            FROM learning_history e
            WHERE e.student_id = {studentId} AND e.occurred_at >= {from} AND e.occurred_at < {now}
            GROUP BY e.event_type
            """).ToListAsync(ct);
        var activity = rows
            .Select(r => new EventTypeActivity(SnakeCaseEnumConverter<EventType>.FromDatabase(r.EventType), r.Events, r.Correct, r.Partial, r.Incorrect, r.SecondsSpent))
            .OrderBy(a => a.EventType)
            .ToList();

        var concepts = (await mastery.LoadAsync([studentId], now, ct)).GetValueOrDefault(studentId) ?? [];
        concepts = concepts.OrderBy(c => c.Mastery).ThenBy(c => c.Concept, StringComparer.Ordinal).ToList();

        var stalledAfter = interventionOptions.CurrentValue.StalledAfter;
        var interventions = (await db.Interventions.AsNoTracking().Where(i => i.StudentId == studentId)
                .OrderByDescending(i => i.CreatedAt).ToListAsync(ct))
            .Select(i => new ReportIntervention(i.Type, i.Status, i.Progress.Completed, i.Progress.Total, i.CreatedAt,
                InterventionRules.IsStalled(i.Status, i.CreatedAt, i.ProgressedAt, now, stalledAfter),
                i.WeakAreas.OrderBy(w => w.Priority).Select(w => w.Concept).ToList()))
            .ToList();

        var target = mastery.Options.Target;
        return new StudentReportData(profile, periodStart, from, now, sections, activity, concepts, target, interventions,
            Recommend(activity, concepts, target, interventions));
    }

    /// <summary>
    /// What to do next, from the numbers alone: practice for the weakest concepts below the target that no active or
    /// paused intervention covers (those already have a plan), a nudge for each stalled intervention, a word when the
    /// period had no activity; "on track" when none applies.
    /// </summary>
    public static IReadOnlyList<Recommendation> Recommend(
        IReadOnlyList<EventTypeActivity> activity, IReadOnlyList<ConceptEstimate> concepts, double target, IReadOnlyList<ReportIntervention> interventions)
    {
        var recommendations = new List<Recommendation>();
        if (activity.Sum(a => a.Events) == 0)
            recommendations.Add(new Recommendation(RecommendationKind.NoActivity));
        var planned = interventions.Where(i => i.Status is InterventionStatus.Active or InterventionStatus.Paused)
            .SelectMany(i => i.Concepts).ToHashSet(StringComparer.Ordinal);
        recommendations.AddRange(concepts
            .Where(c => c.Mastery < target && !planned.Contains(c.Concept))
            .OrderBy(c => c.Mastery).ThenBy(c => c.Concept, StringComparer.Ordinal)
            .Take(MaxPracticeRecommendations)
            .Select(c => new Recommendation(RecommendationKind.PlanPractice, c.Concept, c.Mastery)));
        recommendations.AddRange(interventions.Where(i => i.Stalled)
            .Select(i => new Recommendation(RecommendationKind.Stalled, string.Join(", ", i.Concepts))));
        if (recommendations.Count == 0)
            recommendations.Add(new Recommendation(RecommendationKind.OnTrack));
        return recommendations;
    }

    private sealed record ActivityRow(string EventType, long Events, long Correct, long Partial, long Incorrect, long SecondsSpent);
}
