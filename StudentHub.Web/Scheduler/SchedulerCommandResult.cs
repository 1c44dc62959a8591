namespace StudentHub.Web.Scheduler;

/// <summary>What a command did: how many tasks it changed, or why it changed nothing; a create also names the new task.</summary>
public sealed record SchedulerCommandResult(int Changed, string? Refusal = null, Guid? Created = null)
{
    public bool Refused => Refusal is not null;
}
