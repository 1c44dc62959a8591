using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Localization;
using StudentHub.Web.Security;

namespace StudentHub.Web.Interventions;

/// <summary>
/// What the intervention list is filtered by; every part optional. <see cref="CreatedFrom"/> and <see cref="CreatedTo"/>
/// are days on the reader's calendar, both included. It round-trips through the page's URL (<see cref="InterventionFilterQuery"/>).
/// </summary>
public sealed record InterventionFilter(
    InterventionStatus? Status = null,
    InterventionType? Type = null,
    string? SchoolId = null,
    int? Grade = null,
    string? Concept = null,
    DateOnly? CreatedFrom = null,
    DateOnly? CreatedTo = null,
    bool StalledOnly = false)
{
    public static readonly InterventionFilter None = new();

    public bool IsEmpty => this == None;
}

public enum InterventionSortColumn
{
    Student,
    School,
    Grade,
    Type,
    Status,

    /// <summary>By the weak area of first priority.</summary>
    Concepts,
    Progress,
    Created,
    Completed,
}

/// <summary>One intervention as the list shows it. <paramref name="Concepts"/> are the weak areas' concepts, first priority first.</summary>
public sealed record InterventionRow(
    Guid Id,
    Guid StudentId,
    string StudentName,
    string SchoolId,
    int Grade,
    InterventionType Type,
    InterventionStatus Status,
    IReadOnlyList<string> Concepts,
    int Completed,
    int Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    bool Stalled)
{
    /// <summary>0–100; a plan with no steps has made no progress.</summary>
    public double Percent => Total <= 0 ? 0 : Math.Clamp(100.0 * Completed / Total, 0, 100);
}

public sealed record InterventionListPage(IReadOnlyList<InterventionRow> Rows, long Total);

/// <summary>One intervention with everything its page shows, and the <paramref name="Version"/> (<c>xmin</c>) a change must name.</summary>
public sealed record InterventionDetail(
    Guid Id,
    Guid StudentId,
    string StudentName,
    string SchoolId,
    int Grade,
    InterventionType Type,
    InterventionStatus Status,
    IReadOnlyList<WeakArea> WeakAreas,
    IReadOnlyList<LearningPathStep> LearningPath,
    int Completed,
    int Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ProgressedAt,
    InterventionEvidence? Evidence,
    uint Version,
    bool Stalled)
{
    public double Percent => Total <= 0 ? 0 : Math.Clamp(100.0 * Completed / Total, 0, 100);

    /// <summary>Every step of a non-empty path is ticked: the moment to offer completing the intervention.</summary>
    public bool AllStepsDone => Total > 0 && Completed == Total;
}

/// <summary>
/// The intervention list's and page's queries, in SQL and within the reader's schools (<see cref="SchoolScope"/>): an
/// intervention of a student the reader may not see is as missing as one that does not exist.
/// </summary>
public sealed class InterventionDirectory(
    IDbContextFactory<StudentHubDbContext> contextFactory,
    SchoolScope scope,
    TimeProvider clock,
    IOptionsMonitor<InterventionOptions> options)
{
    public async Task<InterventionListPage> ListAsync(
        InterventionFilter filter, TimeZoneInfo daysIn, InterventionSortColumn sort, bool descending, int skip, int take,
        CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var stalledBefore = StalledBefore();
        var interventions = await FilteredAsync(db, filter, daysIn, stalledBefore, ct);

        var ordered = sort switch
        {
            InterventionSortColumn.Student => By(interventions, i => i.Student!.Name, descending),
            InterventionSortColumn.School => By(interventions, i => i.Student!.SchoolId, descending).ThenBy(i => i.Student!.Name),
            InterventionSortColumn.Grade => By(interventions, i => i.Student!.Grade, descending).ThenBy(i => i.Student!.Name),
            // Codes sort as stored (auto before teacher_requested); statuses in the lifecycle's order, not the alphabet's.
            InterventionSortColumn.Type => By(interventions, i => i.Type, descending),
            InterventionSortColumn.Status => By(interventions, i => i.Status == InterventionStatus.Active ? 0
                : i.Status == InterventionStatus.Paused ? 1
                : i.Status == InterventionStatus.Completed ? 2 : 3, descending),
            InterventionSortColumn.Concepts => By(interventions, i => i.WeakAreas.OrderBy(w => w.Priority).Select(w => w.Concept).FirstOrDefault(), descending),
            InterventionSortColumn.Progress => By(interventions, i => i.Progress.Total == 0 ? 0.0 : (double)i.Progress.Completed / i.Progress.Total, descending),
            // Unfinished ones last either way: "completed, newest first" should not open on a page of blanks.
            InterventionSortColumn.Completed => Then(interventions.OrderBy(i => i.CompletedAt == null), i => i.CompletedAt, descending),
            _ => By(interventions, i => i.CreatedAt, descending),
        };

        var rows = await ordered.ThenByDescending(i => i.CreatedAt).ThenBy(i => i.Id)
            .Skip(skip)
            .Take(take)
            .Select(i => new
            {
                i.Id, i.StudentId, i.Student!.Name, i.Student.SchoolId, i.Student.Grade, i.Type, i.Status, i.WeakAreas,
                i.Progress.Completed, i.Progress.Total, i.CreatedAt, i.CompletedAt,
                Stalled = i.Status == InterventionStatus.Active && (i.ProgressedAt ?? i.CreatedAt) < stalledBefore,
            })
            .ToListAsync(ct);
        var total = await interventions.LongCountAsync(ct);
        return new InterventionListPage(
            rows.Select(r => new InterventionRow(r.Id, r.StudentId, r.Name, r.SchoolId, r.Grade, r.Type, r.Status, ConceptsOf(r.WeakAreas),
                r.Completed, r.Total, r.CreatedAt, r.CompletedAt, r.Stalled)).ToList(),
            total);
    }

    /// <summary>The intervention with its student, or null if there is none the reader may see.</summary>
    public async Task<InterventionDetail?> FindAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var students = await scope.ApplyAsync(db.Students.AsNoTracking(), ct);
        var found = await db.Interventions.AsNoTracking()
            .Where(i => i.Id == id && students.Any(s => s.Id == i.StudentId))
            .Select(i => new { Intervention = i, i.Student!.Name, i.Student.SchoolId, i.Student.Grade })
            .SingleOrDefaultAsync(ct);
        if (found is null)
            return null;
        var i = found.Intervention;
        return new InterventionDetail(
            i.Id, i.StudentId, found.Name, found.SchoolId, found.Grade, i.Type, i.Status,
            i.WeakAreas.OrderBy(w => w.Priority).ToList(),
            i.LearningPath.OrderBy(s => s.Step).ToList(),
            i.Progress.Completed, i.Progress.Total, i.CreatedAt, i.CompletedAt, i.ProgressedAt, i.Evidence, i.Version,
            InterventionRules.IsStalled(i.Status, i.CreatedAt, i.ProgressedAt, clock.GetUtcNow(), options.CurrentValue.StalledAfter));
    }

    /// <summary>The schools of the reader's scope that have interventions, for the school filter.</summary>
    public async Task<IReadOnlyList<string>> SchoolsAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var students = await scope.ApplyAsync(db.Students.AsNoTracking(), ct);
        return await db.Interventions
            .Where(i => students.Any(s => s.Id == i.StudentId))
            .Select(i => i.Student!.SchoolId)
            .Distinct()
            .OrderBy(s => s)
            .ToListAsync(ct);
    }

    /// <summary>Every weak-area concept of the interventions in the reader's scope, in Korean order, for the concept filter.</summary>
    public async Task<IReadOnlyList<string>> ConceptsAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var students = await scope.ApplyAsync(db.Students.AsNoTracking(), ct);
        var concepts = await db.Interventions
            .Where(i => students.Any(s => s.Id == i.StudentId))
            .SelectMany(i => i.WeakAreas.Select(w => w.Concept))
            .Where(c => c != "")
            .Distinct()
            .ToListAsync(ct);
        return concepts.Order(StringComparer.Create(CultureInfo.GetCultureInfo("ko-KR"), false)).ToList();
    }

    private async Task<IQueryable<Intervention>> FilteredAsync(
        StudentHubDbContext db, InterventionFilter filter, TimeZoneInfo daysIn, DateTimeOffset stalledBefore, CancellationToken ct)
    {
        var students = await scope.ApplyAsync(db.Students.AsNoTracking(), ct);
        if (filter.SchoolId is { } school)
            students = students.Where(s => s.SchoolId == school);
        if (filter.Grade is { } grade)
            students = students.Where(s => s.Grade == grade);

        // weak_areas @> '[{"concept": …}]': EF Core cannot hand a JSON complex collection to JsonContains, so the containment is
        // the query's SQL root and the other filters compose over it. xmin is named because * leaves system columns out.
        var interventions = filter.Concept is { } concept
            ? db.Interventions.FromSql($"SELECT *, xmin FROM interventions WHERE weak_areas @> {Containing(concept)}::jsonb")
            : db.Interventions;
        interventions = interventions.AsNoTracking().Where(i => students.Any(s => s.Id == i.StudentId));

        if (filter.Status is { } status)
            interventions = interventions.Where(i => i.Status == status);
        if (filter.Type is { } type)
            interventions = interventions.Where(i => i.Type == type);
        if (filter.CreatedFrom is { } from)
        {
            var start = ReaderTimeZone.StartOfDay(from, daysIn);
            interventions = interventions.Where(i => i.CreatedAt >= start);
        }
        if (filter.CreatedTo is { } to)
        {
            var end = ReaderTimeZone.StartOfDay(to.AddDays(1), daysIn);
            interventions = interventions.Where(i => i.CreatedAt < end);
        }
        if (filter.StalledOnly)
            interventions = interventions.Where(i => i.Status == InterventionStatus.Active && (i.ProgressedAt ?? i.CreatedAt) < stalledBefore);
        return interventions;
    }

    // InterventionRules.IsStalled in SQL: now − coalesce(progressed_at, created_at) > N days.
    private DateTimeOffset StalledBefore() => clock.GetUtcNow() - options.CurrentValue.StalledAfter;

    private static string Containing(string concept) => JsonSerializer.Serialize(new[] { new { concept } });

    private static IOrderedQueryable<Intervention> By<TKey>(IQueryable<Intervention> query, Expression<Func<Intervention, TKey>> key, bool descending) =>
        descending ? query.OrderByDescending(key) : query.OrderBy(key);

    private static IOrderedQueryable<Intervention> Then<TKey>(IOrderedQueryable<Intervention> query, Expression<Func<Intervention, TKey>> key, bool descending) =>
        descending ? query.ThenByDescending(key) : query.ThenBy(key);

    private static List<string> ConceptsOf(IEnumerable<WeakArea> areas) =>
        areas.OrderBy(w => w.Priority).Select(w => w.Concept).Where(c => c.Length > 0).ToList();
}
