using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Web.Security;

namespace StudentHub.Web.Timeline;

/// <summary>The student a timeline page is about, as the reader may see them.</summary>
public sealed record TimelineStudent(Guid Id, string Name);

/// <summary>
/// The timeline page's reads around the events: who the student is (through <see cref="SchoolScope"/>: a student of a
/// school the reader does not see reads as missing, so the page answers 404 for both) and which concepts to suggest.
/// </summary>
public sealed class TimelineStudents(IDbContextFactory<StudentHubDbContext> contextFactory, SchoolScope scope)
{
    /// <summary>How many of the newest events the concept suggestions come from: a bounded read, whatever the history's length.</summary>
    public const int ConceptSampleSize = 2000;

    public async Task<TimelineStudent?> FindAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var students = await scope.ApplyAsync(db.Students.AsNoTracking(), ct);
        return await students.Where(s => s.Id == id).Select(s => new TimelineStudent(s.Id, s.Name)).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// The concepts of the student's newest <see cref="ConceptSampleSize"/> events, in Korean order: the timeline index
    /// reads them newest first and stops, so a long history costs no more than a short one.
    /// </summary>
    public async Task<IReadOnlyList<string>> ConceptsAsync(Guid studentId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.Database.SqlQuery<string>($"""
            SELECT DISTINCT concept COLLATE "ko-KR-x-icu" AS "Value"
            FROM (SELECT content->>'concept' AS concept
                  FROM learning_history
                  WHERE student_id = {studentId}
                  ORDER BY occurred_at DESC, id DESC
                  LIMIT {ConceptSampleSize}) AS newest
            WHERE concept IS NOT NULL AND concept <> ''
            ORDER BY 1
            """).ToListAsync(ct);
    }
}
