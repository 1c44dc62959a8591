using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;
using StudentHub.Web.Security;

namespace StudentHub.Web.Students;

/// <summary>What the student list is filtered by; every part optional. It round-trips through the page's URL.</summary>
public sealed record StudentFilter(
    string? Search = null,
    string? SchoolId = null,
    int? Grade = null,
    string? ClassName = null,
    string? LearningStyle = null,
    bool? Graduated = null)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Search) && SchoolId is null && Grade is null && ClassName is null
        && LearningStyle is null && Graduated is null;
}

public enum StudentSortColumn
{
    Name,
    School,
    Grade,
    ClassName,
    StudentNumber,
    CreatedAt,
}

public sealed record StudentRow(
    Guid Id,
    string Name,
    string SchoolId,
    int Grade,
    string? ClassName,
    string? StudentNumber,
    string? Email,
    string? LearningStyle,
    DateOnly? GraduatedAt);

/// <param name="TotalIsEstimate">True when the total comes from the planner's statistics (an unfiltered list of a very large roster).</param>
public sealed record StudentListPage(IReadOnlyList<StudentRow> Rows, long Total, bool TotalIsEstimate);

/// <summary>
/// The student list's queries, in SQL and within the reader's schools: filters, Korean name order (the column's
/// ICU collation), and search by any fragment of a name through the trigram index.
/// </summary>
public sealed class StudentDirectory(IDbContextFactory<StudentHubDbContext> contextFactory, SchoolScope scope)
{
    // Below this an exact count is cheap; above it, an unfiltered list shows the planner's estimate.
    private const long ExactCountLimit = 200_000;

    public async Task<StudentListPage> ListAsync(
        StudentFilter filter, StudentSortColumn sort, bool descending, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var students = await FilteredAsync(db, filter, ct);
        var searching = !string.IsNullOrWhiteSpace(filter.Search);

        var ordered = (sort, descending) switch
        {
            (StudentSortColumn.School, false) => students.OrderBy(s => s.SchoolId).ThenBy(s => s.Name),
            (StudentSortColumn.School, true) => students.OrderByDescending(s => s.SchoolId).ThenBy(s => s.Name),
            (StudentSortColumn.Grade, false) => students.OrderBy(s => s.Grade).ThenBy(s => s.ClassName).ThenBy(s => s.StudentNumber),
            (StudentSortColumn.Grade, true) => students.OrderByDescending(s => s.Grade).ThenBy(s => s.ClassName).ThenBy(s => s.StudentNumber),
            (StudentSortColumn.ClassName, false) => students.OrderBy(s => s.ClassName).ThenBy(s => s.StudentNumber),
            (StudentSortColumn.ClassName, true) => students.OrderByDescending(s => s.ClassName).ThenBy(s => s.StudentNumber),
            (StudentSortColumn.StudentNumber, false) => students.OrderBy(s => s.StudentNumber),
            (StudentSortColumn.StudentNumber, true) => students.OrderByDescending(s => s.StudentNumber),
            (StudentSortColumn.CreatedAt, false) => students.OrderBy(s => s.CreatedAt),
            (StudentSortColumn.CreatedAt, true) => students.OrderByDescending(s => s.CreatedAt),
            // With a search, the trigram index finds the few matches and they are sorted; ordering by the bare column
            // would tempt the planner to walk idx_students_name_order from the start, filtering out most of the roster.
            // name || '' sorts the same (same collation) but matches no index.
            (_, true) when searching => students.OrderByDescending(s => s.Name + ""),
            _ when searching => students.OrderBy(s => s.Name + ""),
            (_, true) => students.OrderByDescending(s => s.Name),
            _ => students.OrderBy(s => s.Name),
        };

        var rows = await ordered.ThenBy(s => s.Id)
            .Skip(skip)
            .Take(take)
            .Select(s => new { s.Id, s.Name, s.SchoolId, s.Grade, s.ClassName, s.StudentNumber, s.Email, s.Metadata, s.GraduatedAt })
            .ToListAsync(ct);

        var (total, estimated) = await CountAsync(db, students, filter, ct);
        return new StudentListPage(
            rows.Select(s => new StudentRow(s.Id, s.Name, s.SchoolId, s.Grade, s.ClassName, s.StudentNumber, s.Email, s.Metadata.LearningStyle, s.GraduatedAt)).ToList(),
            total,
            estimated);
    }

    /// <summary>The students matching <paramref name="filter"/> in the reader's schools, unordered: the list, the export and the counts share it.</summary>
    public async Task<IQueryable<Student>> FilteredAsync(StudentHubDbContext db, StudentFilter filter, CancellationToken ct = default)
    {
        var students = await scope.ApplyAsync(db.Students.AsNoTracking(), ct);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = "%" + EscapeLike(filter.Search.Trim()) + "%";
            students = students.Where(s => EF.Functions.ILike(s.Name, pattern, @"\"));
        }
        if (filter.SchoolId is { } school)
            students = students.Where(s => s.SchoolId == school);
        if (filter.Grade is { } grade)
            students = students.Where(s => s.Grade == grade);
        if (filter.ClassName is { } className)
            students = students.Where(s => s.ClassName == className);
        if (filter.Graduated is { } graduated)
            students = graduated ? students.Where(s => s.GraduatedAt != null) : students.Where(s => s.GraduatedAt == null);
        if (filter.LearningStyle is { } style)
        {
            // metadata @> '{"learning_style": …}', which the GIN index serves.
            var containing = OpenJsonColumn.Serialize(new StudentMetadata { LearningStyle = style });
            students = students.Where(s => EF.Functions.JsonContains(s.Metadata, containing));
        }
        return students;
    }

    /// <summary>The school ids the reader may see, for the school filter.</summary>
    public async Task<IReadOnlyList<string>> SchoolsAsync(CancellationToken ct = default)
    {
        var schools = await scope.SchoolIdsAsync(ct);
        if (schools is not null)
            return schools.Order().ToList();
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.Students.Select(s => s.SchoolId).Distinct().OrderBy(s => s).ToListAsync(ct);
    }

    /// <summary>The class names used in a school (and grade), for the class filter.</summary>
    public async Task<IReadOnlyList<string>> ClassNamesAsync(string? schoolId, int? grade, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var students = await FilteredAsync(db, new StudentFilter(SchoolId: schoolId, Grade: grade), ct);
        return (await students.Where(s => s.ClassName != null).Select(s => s.ClassName!).Distinct().ToListAsync(ct))
            .Order(StringComparer.Create(new System.Globalization.CultureInfo("ko-KR"), false))
            .ToList();
    }

    private async Task<(long Total, bool Estimated)> CountAsync(
        StudentHubDbContext db, IQueryable<Student> students, StudentFilter filter, CancellationToken ct)
    {
        if (filter.IsEmpty && scope.AllSchools)
        {
            var estimate = await db.Database
                .SqlQueryRaw<long>("SELECT greatest(reltuples, 0)::bigint AS \"Value\" FROM pg_class WHERE oid = 'public.students'::regclass")
                .SingleAsync(ct);
            if (estimate > ExactCountLimit)
                return (estimate, true);
        }
        return (await students.LongCountAsync(ct), false);
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
