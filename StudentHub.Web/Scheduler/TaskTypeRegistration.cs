namespace StudentHub.Web.Scheduler;

/// <summary>
/// A task type this app has a handler for, registered with it by <see cref="SchedulerExtensions.AddTaskHandler{THandler}"/>:
/// the dashboard offers these (keyed services cannot be listed).
/// </summary>
public sealed record TaskTypeRegistration(string TaskType)
{
    /// <summary>The registered types, each once, in order.</summary>
    public static IReadOnlyList<string> Names(IEnumerable<TaskTypeRegistration> registrations) =>
        registrations.Select(r => r.TaskType).Distinct().Order(StringComparer.Ordinal).ToList();
}
