using Microsoft.Extensions.Localization;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Scheduler;

/// <summary>
/// What is wrong with a <see cref="ScheduleSpec"/>, field by field, in the reader's language: the checks of
/// <see cref="NextRun.Check"/> (the ones the dispatcher relies on), plus the dashboard's own bounds. The editor shows them
/// as staff type, and <see cref="SchedulerCommands"/> checks again before it saves.
/// </summary>
public sealed class ScheduleValidation(IStringLocalizer<ScheduleValidation> localizer)
{
    public const int MinIntervalSeconds = 60;
    public const int MaxIntervalSeconds = 366 * 24 * 3600;

    /// <summary>The problems of <paramref name="schedule"/> saved at <paramref name="now"/>; empty when it is valid.</summary>
    public IReadOnlyList<ScheduleProblem> Check(ScheduleSpec schedule, DateTimeOffset now, string? defaultTimeZone)
    {
        var spec = schedule.Normalized();
        var problems = new List<ScheduleProblem>();
        // The zone and the cron expression each on their own, so that both show when both are wrong.
        if (NextRun.Check(ScheduleType.OneTime, null, new TaskConfig { TimeZone = spec.TimeZone }, defaultTimeZone) is { } zone)
            problems.Add(Problem(zone));
        switch (spec.Type)
        {
            case ScheduleType.Cron when NextRun.Check(ScheduleType.Cron, spec.CronExpression, new TaskConfig(), null) is { } cron:
                problems.Add(Problem(cron));
                break;
            case ScheduleType.Interval when spec.IntervalSeconds is not (>= MinIntervalSeconds and <= MaxIntervalSeconds):
                problems.Add(new ScheduleProblem(ScheduleField.Interval, localizer["IntervalRange"]));
                break;
            case ScheduleType.OneTime when spec.RunAt is null:
                problems.Add(new ScheduleProblem(ScheduleField.RunAt, localizer["RunAtMissing"]));
                break;
            case ScheduleType.OneTime when spec.RunAt <= now:
                problems.Add(new ScheduleProblem(ScheduleField.RunAt, localizer["RunAtPast"]));
                break;
        }
        if (problems.Count > 0)
            return problems;
        try
        {
            _ = spec.FirstRun(now, defaultTimeZone);
        }
        catch (InvalidScheduleException e)
        {
            problems.Add(Problem(e));
        }
        return problems;
    }

    private ScheduleProblem Problem(InvalidScheduleException e) => new(
        e.Kind switch
        {
            ScheduleProblemKind.UnknownZone => ScheduleField.TimeZone,
            ScheduleProblemKind.IntervalMissing => ScheduleField.Interval,
            _ => ScheduleField.Cron,
        },
        localizer[e.Kind.ToString(), Arguments(e)]);

    // A field at fault is named, with the values it takes, in the reader's words: {1} is its name, {3} its range.
    private object[] Arguments(InvalidScheduleException e) => e.Arguments switch
    {
        [var expression, CronPart part, var value] when e.Kind == ScheduleProblemKind.CronFieldInvalid =>
            [expression ?? "", localizer["Field" + part].Value, value ?? "", localizer["Range" + part].Value],
        var arguments => [.. arguments.Select(a => a ?? "")],
    };
}

/// <summary>The field of the schedule editor a problem belongs beside.</summary>
public enum ScheduleField
{
    Cron,
    TimeZone,
    Interval,
    RunAt,
}

public sealed record ScheduleProblem(ScheduleField Field, string Message);
