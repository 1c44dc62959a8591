using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Scheduler;
using StudentHub.Web.Health;
using static StudentHub.Tests.Ingest.IngestTestKit;

namespace StudentHub.Tests.Health;

/// <summary>The <c>StudentHub</c> meter's counters, read with a <see cref="MeterListener"/> as an exporter would.</summary>
public sealed class MetricsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task APartialBatch_CountsItsAcceptedDuplicateAndRejectedEvents_ByNode()
    {
        const int node = 4;
        await using var factory = new StudentHubWebFactory(database);
        // Only this app's meter: other test classes run apps (and ingest) side by side.
        using var recorded = new Recorded(factory.Services.GetRequiredService<IMeterFactory>());
        using var client = TestAccounts.AnonymousClient(factory);
        var key = await CreateKeyAsync(factory, node);
        var student = await CreateStudentAsync(database);
        var good = Event(student, Guid.NewGuid());
        var bad = Event(Guid.NewGuid()); // no such student

        // The same event twice in one batch: stored once, the other counted a duplicate.
        var response = await PostAsync(client, key, Batch(good, good, bad), partial: true);

        response.EnsureSuccessStatusCode();
        Assert.Equal(1, recorded.Sum("studenthub.ingest.events.accepted", ("source_node", node)));
        Assert.Equal(1, recorded.Sum("studenthub.ingest.events.duplicates", ("source_node", node)));
        Assert.Equal(1, recorded.Sum("studenthub.ingest.events.rejected", ("source_node", node)));
    }

    [Fact]
    public async Task ARefusedBatch_CountsEveryEventRejected()
    {
        const int node = 6;
        await using var factory = new StudentHubWebFactory(database);
        using var recorded = new Recorded(factory.Services.GetRequiredService<IMeterFactory>());
        using var client = TestAccounts.AnonymousClient(factory);
        var key = await CreateKeyAsync(factory, node);
        var student = await CreateStudentAsync(database);

        var response = await PostAsync(client, key, Batch(Event(student), Event(Guid.NewGuid())));

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal(0, recorded.Sum("studenthub.ingest.events.accepted", ("source_node", node)));
        Assert.Equal(2, recorded.Sum("studenthub.ingest.events.rejected", ("source_node", node)));
    }

    [Fact]
    public async Task ADispatcherRun_CountsATaskRun_ByTypeAndOutcome()
    {
        // A task type of this test's own, to tell its runs from other tests' dispatchers.
        var succeeding = "metrics_ok_" + Guid.NewGuid().ToString("N")[..8];
        var failing = "metrics_fail_" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        await using var harness = new SchedulerHarness(database.ConnectionString, new ManualClock(now))
            .Handle(succeeding, new RecordingHandler())
            .Handle(failing, new RecordingHandler((_, _) => throw new InvalidOperationException("boom")));
        using var recorded = new Recorded(meterScope: null);
        await using (var db = database.CreateDbContext())
        {
            foreach (var type in new[] { succeeding, failing })
                db.ScheduledTasks.Add(new ScheduledTask { TaskType = type, ScheduleType = ScheduleType.OneTime, NextRunAt = now.AddMinutes(-1) });
            await db.SaveChangesAsync();
        }

        await harness.Dispatcher("metrics-instance").BeatAsync(CancellationToken.None);

        Assert.Equal(1, recorded.Sum("studenthub.scheduler.task_runs", ("task_type", succeeding), ("outcome", "succeeded")));
        Assert.Equal(1, recorded.Sum("studenthub.scheduler.task_runs", ("task_type", failing), ("outcome", "failed")));
        Assert.Equal(0, recorded.Sum("studenthub.scheduler.task_runs", ("task_type", failing), ("outcome", "succeeded")));
    }

    [Fact]
    public async Task Circuits_CountUpWhenOpened_AndDownWhenClosed()
    {
        await using var services = new ServiceCollection().AddMetrics().AddSingleton<StudentHubMetrics>().BuildServiceProvider();
        using var recorded = new Recorded(services.GetRequiredService<IMeterFactory>());
        var handler = new CircuitMetricsHandler(services.GetRequiredService<StudentHubMetrics>());

        // The handler looks at no circuit, only counts.
        await handler.OnCircuitOpenedAsync(null!, CancellationToken.None);
        await handler.OnCircuitOpenedAsync(null!, CancellationToken.None);
        await handler.OnCircuitClosedAsync(null!, CancellationToken.None);

        Assert.Equal(1, recorded.Sum("studenthub.circuits.open"));
    }

    /// <summary>Every measurement of the <c>StudentHub</c> meter (of <paramref name="meterScope"/>'s meters only, when given) while it lives.</summary>
    private sealed class Recorded : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = new();

        public Recorded(object? meterScope)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StudentHubMetrics.MeterName && (meterScope is null || instrument.Meter.Scope == meterScope))
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
                _measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
            _listener.Start();
        }

        public long Sum(string instrument, params (string Key, object Value)[] tags) =>
            _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))
                .Sum(m => m.Value);

        public void Dispose() => _listener.Dispose();
    }
}
