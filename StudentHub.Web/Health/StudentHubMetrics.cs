using System.Diagnostics.Metrics;
using StudentHub.Data.Entities;
using StudentHub.Data.Json;

namespace StudentHub.Web.Health;

/// <summary>
/// The app's own metrics, on the <see cref="MeterName"/> meter: events ingested, scheduled task runs and open Blazor
/// circuits. Read them live with <c>dotnet-counters monitor -n StudentHub.Web --counters StudentHub</c>, or attach any
/// <c>System.Diagnostics.Metrics</c> exporter (OpenTelemetry) by the meter's name.
/// </summary>
public sealed class StudentHubMetrics
{
    public const string MeterName = "StudentHub";

    private readonly Counter<long> _eventsAccepted;
    private readonly Counter<long> _eventsRejected;
    private readonly Counter<long> _eventsDuplicate;
    private readonly Counter<long> _taskRuns;
    private readonly UpDownCounter<long> _openCircuits;

    public StudentHubMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _eventsAccepted = meter.CreateCounter<long>("studenthub.ingest.events.accepted", "{event}", "Learning events stored, by source node.");
        _eventsRejected = meter.CreateCounter<long>("studenthub.ingest.events.rejected", "{event}", "Learning events refused (invalid, conflicting, or in a refused batch), by source node.");
        _eventsDuplicate = meter.CreateCounter<long>("studenthub.ingest.events.duplicates", "{event}", "Learning events already stored, sent again, by source node.");
        _taskRuns = meter.CreateCounter<long>("studenthub.scheduler.task_runs", "{run}", "Scheduled task runs this instance finished, by task type and outcome.");
        _openCircuits = meter.CreateUpDownCounter<long>("studenthub.circuits.open", "{circuit}", "Blazor circuits (interactive pages) open on this instance.");
    }

    /// <summary>Counts what became of one request's events; zero counts are left out.</summary>
    public void EventsIngested(int sourceNode, int accepted, int duplicates, int rejected)
    {
        var node = new KeyValuePair<string, object?>("source_node", sourceNode);
        if (accepted > 0)
            _eventsAccepted.Add(accepted, node);
        if (duplicates > 0)
            _eventsDuplicate.Add(duplicates, node);
        if (rejected > 0)
            _eventsRejected.Add(rejected, node);
    }

    /// <summary>Counts a finished run; the outcome tag is spelt as in <c>task_runs.outcome</c> (<c>timed_out</c>).</summary>
    public void TaskRun(string taskType, TaskRunOutcome outcome) =>
        _taskRuns.Add(1,
            new KeyValuePair<string, object?>("task_type", taskType),
            new KeyValuePair<string, object?>("outcome", SnakeCaseEnumConverter<TaskRunOutcome>.ToDatabase(outcome)));

    public void CircuitOpened() => _openCircuits.Add(1);

    public void CircuitClosed() => _openCircuits.Add(-1);
}
