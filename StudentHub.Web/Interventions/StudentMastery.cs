using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentHub.Data;

namespace StudentHub.Web.Interventions;

/// <summary>
/// Mastery per student and concept, from the study, test and assessment events that name a concept and carry a
/// result: the <see cref="MasteryModel"/> over each concept's newest <see cref="MasteryOptions.MaxAttemptsPerConcept"/>
/// attempts of the last <see cref="MasteryOptions.WindowDays"/> days, as of now.
/// </summary>
public sealed class StudentMastery(IDbContextFactory<StudentHubDbContext> contextFactory, IOptions<MasteryOptions> options, TimeProvider clock)
{
    public MasteryOptions Options => options.Value;

    /// <summary>
    /// One student's concepts, in no particular order. <paramref name="schools"/> limits it to students of those
    /// schools (a teacher's scope): a student outside them reads as one without events. Null reads every school.
    /// </summary>
    public async Task<IReadOnlyList<ConceptEstimate>> LoadAsync(Guid studentId, IReadOnlyCollection<string>? schools, CancellationToken ct = default)
    {
        var estimates = await LoadAsync([studentId], schools, clock.GetUtcNow(), ct);
        return estimates.GetValueOrDefault(studentId) ?? [];
    }

    /// <summary>The concepts of each of <paramref name="studentIds"/> that has any, as of <paramref name="now"/>, in one query.</summary>
    public Task<Dictionary<Guid, List<ConceptEstimate>>> LoadAsync(IReadOnlyCollection<Guid> studentIds, DateTimeOffset now, CancellationToken ct = default) =>
        LoadAsync(studentIds, schools: null, now, ct);

    private async Task<Dictionary<Guid, List<ConceptEstimate>>> LoadAsync(
        IReadOnlyCollection<Guid> studentIds, IReadOnlyCollection<string>? schools, DateTimeOffset now, CancellationToken ct)
    {
        var model = new MasteryModel(Options);
        var ids = studentIds.ToArray();
        var since = now.AddDays(-Options.WindowDays);
        var everySchool = schools is null;
        var schoolIds = schools?.ToArray() ?? [];

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        // idx_lh_student_event (student_id, event_type, occurred_at DESC) narrows to the students' graded event types in
        // the window, in the window's partitions only; the JSON is read from those rows alone. Ranking keeps each concept's newest.
        var rows = db.Database.SqlQuery<AttemptRow>($"""
            SELECT r.student_id, r.concept, r.occurred_at, r.result, r.difficulty
            FROM (
                SELECT e.student_id, e.occurred_at, e.id,
                       e.content->>'concept' AS concept,
                       e.content->>'result' AS result,
                       CASE WHEN jsonb_typeof(e.content->'difficulty') = 'number' THEN (e.content->>'difficulty')::float8 END AS difficulty,
                       row_number() OVER (PARTITION BY e.student_id, e.content->>'concept' ORDER BY e.occurred_at DESC, e.id DESC) AS k
                FROM learning_history e
                WHERE e.student_id = ANY({ids}) AND e.event_type IN ('study', 'test', 'assessment')
                  AND e.occurred_at >= {since} AND e.occurred_at <= {now}
                  AND e.content->>'result' IN ('correct', 'incorrect', 'partial')
                  AND e.content->>'concept' <> ''
                  AND EXISTS (SELECT 1 FROM students s WHERE s.id = e.student_id AND ({everySchool} OR s.school_id = ANY({schoolIds})))
            ) r
            WHERE r.k <= {Options.MaxAttemptsPerConcept}
            ORDER BY r.student_id, r.concept, r.occurred_at, r.id
            """).AsAsyncEnumerable();

        // Rows arrive grouped by student and concept, oldest first: one concept's attempts are held at a time.
        var estimates = new Dictionary<Guid, List<ConceptEstimate>>();
        var attempts = new List<MasteryAttempt>();
        (Guid Student, string Concept)? current = null;
        void Finish()
        {
            if (current is not { } key || attempts.Count == 0)
                return;
            if (!estimates.TryGetValue(key.Student, out var concepts))
                estimates[key.Student] = concepts = [];
            concepts.Add(model.Estimate(key.Concept, attempts, now));
            attempts.Clear();
        }

        await foreach (var row in rows.WithCancellation(ct))
        {
            if (current != (row.StudentId, row.Concept))
            {
                Finish();
                current = (row.StudentId, row.Concept);
            }
            attempts.Add(new MasteryAttempt(row.OccurredAt, MasteryAttempt.ParseResult(row.Result)!.Value, row.Difficulty));
        }
        Finish();
        return estimates;
    }

    private sealed record AttemptRow(Guid StudentId, string Concept, DateTimeOffset OccurredAt, string Result, double? Difficulty);
}
