using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Localization;
using StudentHub.Web.Scheduler;

namespace StudentHub.Web.Analytics;

/// <summary>What a run computed: the finished weeks <see cref="From"/> (a Monday) to <see cref="To"/> (a Sunday), and the rows written.</summary>
public sealed record WeeklyAnalyticsReport(int Weeks, int Rows, DateOnly From, DateOnly To);

/// <summary>
/// The scheduled task type <c>weekly_analytics</c>: engagement and performance per school, grade and week, upserted into
/// <c>weekly_analytics</c> by one grouped statement (<see cref="WeeklyAnalyticsSettings"/> for the config).
/// </summary>
/// <remarks>
/// <para>
/// Weeks: from the week before the last successful run's week (its last week is recomputed, for events that came in
/// late) through the week that just finished; the first run goes back <see cref="WeeklyAnalyticsSettings.LookbackWeeks"/>
/// weeks. The week in progress is never written. The bounds are instants, so only those months' partitions are read.
/// </para>
/// <para>
/// Enrolled in a week: a student on the roster, not anonymized, and not graduated before the week began (one graduated in
/// it still counts that week). The hub keeps no enrolment history, so a student counts under their current school and
/// grade for every week. Active: an enrolled student with at least one event that week; every other figure counts the
/// events of enrolled students only, so active never exceeds enrolled.
/// </para>
/// <para>
/// Performance follows the student page's charts (<see cref="Students.StudentCharts"/>): an attempt is an event with a
/// result (correct, incorrect or partial), and a partial result is half correct (kept apart, in <c>partial_attempts</c>).
/// The average score is the mean <c>content.score</c> of the tests
/// and assessments that carry one (null without any).
/// </para>
/// <para>
/// A metric not chosen in <c>config.metrics</c> keeps the values a row already has; a new row starts it at zero (no average).
/// </para>
/// </remarks>
public sealed class WeeklyAnalyticsTask(IDbContextFactory<StudentHubDbContext> contexts, IOptions<SchedulerOptions> options, TimeProvider clock)
    : ITaskHandler
{
    public const string TaskType = "weekly_analytics";

    public async Task<Dictionary<string, JsonElement>?> RunAsync(TaskRunContext run, CancellationToken ct)
    {
        var settings = WeeklyAnalyticsSettings.From(run.Task.Config, options.Value.DefaultTimeZone);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var lastSuccess = await db.TaskRuns
            .Where(r => r.TaskId == run.Task.Id && r.Id != run.RunId && r.Outcome == TaskRunOutcome.Succeeded)
            .MaxAsync(r => (DateTimeOffset?)r.StartedAt, ct);

        var zone = settings.Zone;
        var now = clock.GetUtcNow();
        var thisWeek = MondayOf(ReaderTimeZone.DayOf(now, zone));
        var lastWeek = thisWeek.AddDays(-7);
        var firstWeek = lastSuccess is { } at ? MondayOf(ReaderTimeZone.DayOf(at, zone)).AddDays(-7) : thisWeek.AddDays(-7 * settings.LookbackWeeks);
        if (firstWeek > lastWeek)
            firstWeek = lastWeek;
        var from = ReaderTimeZone.StartOfDay(firstWeek, zone);
        var to = ReaderTimeZone.StartOfDay(thisWeek, zone);
        var zoneId = ReaderTimeZone.IanaIdOf(zone);
        var (school, engagement, performance) = (settings.SchoolId, settings.Engagement, settings.Performance);

        var rows = await db.Database.ExecuteSqlAsync($"""
            WITH cohort AS (
                SELECT w::date AS week_start, s.id, s.school_id, s.grade
                FROM generate_series({firstWeek}::date, {lastWeek}::date, interval '7 days') AS w
                JOIN students s ON s.graduated_at IS NULL OR s.graduated_at >= w::date
                WHERE s.name <> 'ANONYMIZED_' || s.id
                  AND ({school}::text IS NULL OR s.school_id = {school}::text)
            ),
            activity AS (
                SELECT e.student_id,
                       date_trunc('week', e.occurred_at AT TIME ZONE {zoneId})::date AS week_start,
                       count(*) AS events,
                       sum(CASE WHEN jsonb_typeof(e.content->'time_spent') = 'number' THEN (e.content->>'time_spent')::numeric ELSE 0 END) AS time_spent,
                       count(*) FILTER (WHERE e.content->>'result' IN ('correct', 'incorrect', 'partial')) AS attempts,
                       count(*) FILTER (WHERE e.content->>'result' = 'correct') AS correct,
                       count(*) FILTER (WHERE e.content->>'result' = 'partial') AS partial,
                       sum((e.content->>'score')::numeric)
                           FILTER (WHERE e.event_type IN ('test', 'assessment') AND jsonb_typeof(e.content->'score') = 'number') AS score_sum,
                       count(*) FILTER (WHERE e.event_type IN ('test', 'assessment') AND jsonb_typeof(e.content->'score') = 'number') AS scores
                FROM learning_history e
                WHERE e.occurred_at >= {from} AND e.occurred_at < {to}
                GROUP BY 1, 2
            )
            INSERT INTO weekly_analytics AS w (school_id, grade, week_start, enrolled_students, active_students, events, time_spent_seconds,
                                               attempts, correct_attempts, partial_attempts, average_score, computed_at, task_run_id)
            SELECT c.school_id, c.grade, c.week_start,
                   CASE WHEN {engagement} THEN count(*) ELSE 0 END,
                   CASE WHEN {engagement} THEN count(a.student_id) ELSE 0 END,
                   CASE WHEN {engagement} THEN coalesce(sum(a.events), 0) ELSE 0 END,
                   CASE WHEN {engagement} THEN round(coalesce(sum(a.time_spent), 0)) ELSE 0 END,
                   CASE WHEN {performance} THEN coalesce(sum(a.attempts), 0) ELSE 0 END,
                   CASE WHEN {performance} THEN coalesce(sum(a.correct), 0) ELSE 0 END,
                   CASE WHEN {performance} THEN coalesce(sum(a.partial), 0) ELSE 0 END,
                   CASE WHEN {performance} THEN sum(a.score_sum) / nullif(sum(a.scores), 0) END,
                   {now}, {run.RunId}
            FROM cohort c
            LEFT JOIN activity a ON a.student_id = c.id AND a.week_start = c.week_start
            GROUP BY c.school_id, c.grade, c.week_start
            ON CONFLICT (school_id, grade, week_start) DO UPDATE SET
                enrolled_students = CASE WHEN {engagement} THEN EXCLUDED.enrolled_students ELSE w.enrolled_students END,
                active_students = CASE WHEN {engagement} THEN EXCLUDED.active_students ELSE w.active_students END,
                events = CASE WHEN {engagement} THEN EXCLUDED.events ELSE w.events END,
                time_spent_seconds = CASE WHEN {engagement} THEN EXCLUDED.time_spent_seconds ELSE w.time_spent_seconds END,
                attempts = CASE WHEN {performance} THEN EXCLUDED.attempts ELSE w.attempts END,
                correct_attempts = CASE WHEN {performance} THEN EXCLUDED.correct_attempts ELSE w.correct_attempts END,
                partial_attempts = CASE WHEN {performance} THEN EXCLUDED.partial_attempts ELSE w.partial_attempts END,
                average_score = CASE WHEN {performance} THEN EXCLUDED.average_score ELSE w.average_score END,
                computed_at = EXCLUDED.computed_at,
                task_run_id = EXCLUDED.task_run_id
            """, ct);

        var weeks = (lastWeek.DayNumber - firstWeek.DayNumber) / 7 + 1;
        return TaskOutput.From(new WeeklyAnalyticsReport(weeks, rows, firstWeek, lastWeek.AddDays(6)));
    }

    private static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
