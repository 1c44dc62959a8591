namespace StudentHub.Web.Scheduler;

/// <summary>What a command did: how many tasks it changed, or why it changed nothing.</summary>
public sealed record SchedulerCommandResult(int Changed, string? Refusal = null)
{
    public bool Refused => Refusal is not null;
}
