using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using StudentHub.Data;
using StudentHub.Web.Health;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.Scheduler;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A handler that counts its runs per task, then does <paramref name="work"/> (fail, hang, wait…).</summary>
internal sealed class RecordingHandler(Func<TaskRunContext, CancellationToken, Task>? work = null) : ITaskHandler
{
    public ConcurrentDictionary<Guid, int> Runs { get; } = new();

    public async Task<Dictionary<string, JsonElement>?> RunAsync(TaskRunContext run, CancellationToken ct)
    {
        Runs.AddOrUpdate(run.Task.Id, 1, (_, n) => n + 1);
        if (work is not null)
            await work(run, ct);
        return TaskOutput.From(new { run.Attempt, ReportUrl = "/reports/" + run.RunId });
    }
}

/// <summary>Dispatchers over a test database, each with a connection pool of its own, as separate app instances would have.</summary>
internal sealed class SchedulerHarness(string connectionString, ManualClock clock) : IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly ServiceCollection _handlers = new();
    private ServiceProvider? _services;

    public ManualClock Clock => clock;

    public SchedulerHarness Handle(string taskType, ITaskHandler handler)
    {
        _handlers.AddKeyedSingleton(taskType, handler).AddSingleton(new TaskTypeRegistration(taskType));
        return this;
    }

    public TaskDispatcher Dispatcher(string instance, Action<SchedulerOptions>? configure = null)
    {
        var options = new SchedulerOptions { Instance = instance, BatchSize = 25, TimeoutSeconds = 60, LeaseSeconds = 300, BackoffBaseSeconds = 30 };
        configure?.Invoke(options);
        Assert.Null(options.Problem());
        var dataSource = NpgsqlDataSource.Create(connectionString);
        _dataSources.Add(dataSource);
        _services ??= _handlers.AddMetrics().AddSingleton<StudentHubMetrics>().BuildServiceProvider();
        return new TaskDispatcher(new ContextFactory(dataSource), _services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(options), clock, _services.GetServices<TaskTypeRegistration>(), _services.GetRequiredService<StudentHubMetrics>(),
            NullLogger<TaskDispatcher>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
        foreach (var dataSource in _dataSources)
            await dataSource.DisposeAsync();
    }

    private sealed class ContextFactory(NpgsqlDataSource dataSource) : IDbContextFactory<StudentHubDbContext>
    {
        public StudentHubDbContext CreateDbContext() => new(StudentHubDatabase.Options(dataSource));
    }
}
