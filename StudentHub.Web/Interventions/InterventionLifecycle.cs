using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Audit;
using StudentHub.Web.Security;

namespace StudentHub.Web.Interventions;

/// <summary>
/// Moves an intervention through its lifecycle (<see cref="InterventionRules"/>) and ticks its steps, for admins. Each
/// change is one SaveChanges on a DbContext of its own, so the audit trail records it with the acting admin.
/// </summary>
/// <remarks>
/// Optimistic on PostgreSQL's <c>xmin</c> (<see cref="Intervention.Version"/>), as student edits are: the caller names the
/// version it showed, the UPDATE is conditional on it, and a change over someone else's newer one comes back as
/// <see cref="InterventionChangeResult.Conflict"/> with their version, never as a silent overwrite. To apply the change
/// anyway, call again with the conflict's <c>Theirs.Version</c>.
/// </remarks>
public sealed class InterventionLifecycle(
    IDbContextFactory<StudentHubDbContext> contextFactory,
    SchoolScope scope,
    CurrentUser currentUser,
    InterventionDirectory directory,
    AuditSearch audit,
    TimeProvider clock,
    IStringLocalizer<InterventionLifecycle> localizer)
{
    /// <summary>Moves the intervention to <paramref name="to"/>; completing it sets <c>completed_at</c>.</summary>
    public async Task<InterventionChangeResult> ChangeStatusAsync(Guid id, uint expectedVersion, InterventionStatus to, CancellationToken ct = default)
    {
        if (!currentUser.IsInRole(Roles.Admin))
            return new InterventionChangeResult.Refused(localizer["AdminsOnly"]);
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var intervention = await FindTrackedAsync(db, id, ct);
        if (intervention is null)
            return new InterventionChangeResult.Gone();
        // Already newer than the caller's: the rules are checked against what the caller has seen, after a conflict.
        if (intervention.Version != expectedVersion)
            return await ConflictAsync(id, ct);
        if (InterventionRules.Check(intervention.Status, to) is { } reason)
            return new InterventionChangeResult.Refused(reason);

        intervention.Status = to;
        if (to == InterventionStatus.Completed)
            intervention.CompletedAt = clock.GetUtcNow();
        return await SaveAsync(db, intervention, expectedVersion, ct);
    }

    /// <summary>
    /// Ticks step <paramref name="step"/> done (or to do again): sets or clears its <c>completed_at</c>, recounts
    /// <c>progress</c> from the path and stamps <c>progressed_at</c>. <see cref="InterventionChangeResult.Changed.AllStepsDone"/>
    /// says whether that was the last one.
    /// </summary>
    public async Task<InterventionChangeResult> SetStepDoneAsync(Guid id, uint expectedVersion, int step, bool done, CancellationToken ct = default)
    {
        if (!currentUser.IsInRole(Roles.Admin))
            return new InterventionChangeResult.Refused(localizer["AdminsOnly"]);
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var intervention = await FindTrackedAsync(db, id, ct);
        if (intervention is null)
            return new InterventionChangeResult.Gone();
        if (intervention.Version != expectedVersion)
            return await ConflictAsync(id, ct);
        if (InterventionRules.CheckStepChange(intervention.Status) is { } reason)
            return new InterventionChangeResult.Refused(reason);
        var target = intervention.LearningPath.FirstOrDefault(s => s.Step == step);
        if (target is null)
            return new InterventionChangeResult.Refused(localizer["NoSuchStep", step]);

        // Ticking a ticked step changes nothing: no write, no audit row, no new "progressed" time.
        if ((target.CompletedAt is not null) == done)
            return await CurrentAsync(id, ct);
        var now = clock.GetUtcNow();
        target.CompletedAt = done ? now : null;
        var progress = InterventionRules.ProgressOf(intervention.LearningPath);
        intervention.Progress.Completed = progress.Completed;
        intervention.Progress.Total = progress.Total;
        intervention.ProgressedAt = now;
        return await SaveAsync(db, intervention, expectedVersion, ct);
    }

    private async Task<Intervention?> FindTrackedAsync(StudentHubDbContext db, Guid id, CancellationToken ct)
    {
        // Not AsNoTracking, even on the students: in a subquery it would turn tracking off for the whole query.
        var students = await scope.ApplyAsync(db.Students, ct);
        return await db.Interventions.SingleOrDefaultAsync(i => i.Id == id && students.Any(s => s.Id == i.StudentId), ct);
    }

    private async Task<InterventionChangeResult> SaveAsync(StudentHubDbContext db, Intervention intervention, uint expectedVersion, CancellationToken ct)
    {
        // The UPDATE's WHERE compares xmin with the caller's version, so a change landing between the read above and this write is caught too.
        db.Entry(intervention).Property(i => i.Version).OriginalValue = expectedVersion;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(intervention.Id, ct);
        }
        return await CurrentAsync(intervention.Id, ct);
    }

    private async Task<InterventionChangeResult> CurrentAsync(Guid id, CancellationToken ct) =>
        await directory.FindAsync(id, ct) is { } now ? new InterventionChangeResult.Changed(now) : new InterventionChangeResult.Gone();

    private async Task<InterventionChangeResult> ConflictAsync(Guid id, CancellationToken ct)
    {
        var theirs = await directory.FindAsync(id, ct);
        if (theirs is null)
            return new InterventionChangeResult.Gone();
        var newest = (await audit.HistoryAsync(nameof(Intervention), id.ToString(), 1, ct)).FirstOrDefault();
        return new InterventionChangeResult.Conflict(theirs, newest is null ? null : new InterventionLastChange(newest.Who, newest.OccurredAt));
    }
}
