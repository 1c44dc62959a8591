namespace StudentHub.Web.Interventions;

/// <summary>What came of a change to an intervention's status or steps.</summary>
public abstract record InterventionChangeResult
{
    /// <summary>Written (or already so); <paramref name="Intervention"/> is as it is now, with its new version.</summary>
    public sealed record Changed(InterventionDetail Intervention) : InterventionChangeResult
    {
        /// <summary>Every step is done now: the page offers to complete the intervention.</summary>
        public bool AllStepsDone => Intervention.AllStepsDone;
    }

    /// <summary>Nothing written: the lifecycle does not allow it; <paramref name="Reason"/> says why, in words.</summary>
    public sealed record Refused(string Reason) : InterventionChangeResult;

    /// <summary>
    /// Nothing written: someone changed the intervention after the version the change named. <paramref name="Theirs"/> is
    /// the intervention as it is now; <paramref name="LastChange"/> who made the newest change the audit trail holds, and when.
    /// </summary>
    public sealed record Conflict(InterventionDetail Theirs, InterventionLastChange? LastChange) : InterventionChangeResult;

    /// <summary>Nothing written: the intervention no longer exists, or is not the reader's to see.</summary>
    public sealed record Gone : InterventionChangeResult;
}

/// <summary>The newest change the audit trail records for an intervention: who (null for the system's own work) and when.</summary>
public sealed record InterventionLastChange(string? Who, DateTimeOffset At);
