namespace StudentHub.Web.Scheduler;

/// <summary>What the pause dialog asks for: an optional reason and an optional automatic resume time.</summary>
public sealed record PauseRequest(string? Reason, DateTimeOffset? ResumeAt);
