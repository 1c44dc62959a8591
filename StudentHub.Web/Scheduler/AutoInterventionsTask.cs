using System.Text.Json;
using StudentHub.Web.Interventions;

namespace StudentHub.Web.Scheduler;

/// <summary>The scheduled task type <c>auto_interventions</c>: one run of <see cref="AutoInterventions"/>.</summary>
public sealed class AutoInterventionsTask(AutoInterventions job) : ITaskHandler
{
    public async Task<Dictionary<string, JsonElement>?> RunAsync(TaskRunContext run, CancellationToken ct) =>
        TaskOutput.From(await job.RunAsync(ct));
}
