using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Security;

namespace StudentHub.Web.Interventions;

/// <summary>An intervention as the form edits it: its plan, and what the page says around it. <paramref name="Version"/> is its <c>xmin</c> when read.</summary>
public sealed record InterventionDraft(
    Guid Id,
    Guid StudentId,
    string StudentName,
    InterventionType Type,
    InterventionStatus Status,
    uint Version,
    InterventionInput Input)
{
    /// <summary>Completed and cancelled interventions are history: the form refuses them.</summary>
    public bool IsClosed => InterventionRules.IsFinal(Status);
}

/// <summary>What came of saving the intervention form.</summary>
public abstract record InterventionSaveResult
{
    /// <summary>Written; <paramref name="Version"/> is the row's new <c>xmin</c>.</summary>
    public sealed record Saved(Guid Id, uint Version) : InterventionSaveResult;

    /// <summary>Nothing written: these fields break a rule.</summary>
    public sealed record Invalid(IReadOnlyDictionary<InterventionFieldKey, string> Errors) : InterventionSaveResult;

    /// <summary>Nothing written: someone changed the intervention after the form loaded it. <paramref name="Theirs"/> is it as it is now.</summary>
    public sealed record Conflict(InterventionDraft Theirs) : InterventionSaveResult;

    /// <summary>Nothing written: the intervention was completed or cancelled, and is no longer planned.</summary>
    public sealed record Closed(InterventionStatus Status, string Message) : InterventionSaveResult;

    /// <summary>Nothing written: the intervention (or, creating one, the student) does not exist, or not for this reader.</summary>
    public sealed record Gone : InterventionSaveResult;
}

/// <summary>
/// Creating and editing interventions' plans (weak areas and learning path), for admins. Each operation has a
/// DbContext of its own and goes through SaveChanges, so the audit trail records it with the acting user; nothing is
/// written unless every rule of <see cref="InterventionValidation"/> holds. Students are read through
/// <see cref="SchoolScope"/> (an admin's is every school): one the reader may not see is as missing as one that is not.
/// </summary>
/// <remarks>
/// Edits are optimistic on PostgreSQL's <c>xmin</c> (<see cref="Intervention.Version"/>), as for students: the UPDATE is
/// conditional on the version the form loaded, so a save over someone else's newer one (an edit, or a step ticked,
/// a pause) comes back as <see cref="InterventionSaveResult.Conflict"/> with their version, for the user to choose.
/// <para>
/// Ticked steps survive an edit. A form row remembers the stored step it was loaded from
/// (<see cref="StepInput.LoadedStep"/>); it keeps that step's <c>completed_at</c> if the stored step at that number still
/// has the row's activity, concept and problem set. So moving a step keeps its tick, while a new row, or a row whose
/// activity, concept or problem set changed, is a new step to do. Progress is then recounted: ticked steps of all steps.
/// </para>
/// </remarks>
public sealed class InterventionEditing(
    IDbContextFactory<StudentHubDbContext> contextFactory,
    SchoolScope scope,
    InterventionValidation validation,
    TimeProvider clock,
    IStringLocalizer<InterventionValidation> localizer)
{
    /// <summary>The intervention as the form edits it, with its current version; null if there is none the reader may see.</summary>
    public async Task<InterventionDraft?> LoadAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await DraftAsync(db, id, ct);
    }

    /// <summary>The student's name, for a new intervention's page; null if there is no student the reader may see.</summary>
    public async Task<string?> StudentNameAsync(Guid studentId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await (await scope.ApplyAsync(db.Students.AsNoTracking(), ct))
            .Where(s => s.Id == studentId).Select(s => s.Name).SingleOrDefaultAsync(ct);
    }

    /// <summary>Plans a new intervention for the student, as a teacher-requested one: active, nothing done yet.</summary>
    public async Task<InterventionSaveResult> CreateAsync(Guid studentId, InterventionInput input, CancellationToken ct = default)
    {
        var (valid, errors) = validation.Validate(input);
        if (valid is null)
            return new InterventionSaveResult.Invalid(errors);

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        if (!await (await scope.ApplyAsync(db.Students, ct)).AnyAsync(s => s.Id == studentId, ct))
            return new InterventionSaveResult.Gone();

        var intervention = new Intervention
        {
            StudentId = studentId,
            Type = InterventionType.TeacherRequested,
            Status = InterventionStatus.Active,
            CreatedAt = clock.GetUtcNow(),
        };
        Apply(valid, intervention, []);
        db.Interventions.Add(intervention);
        await db.SaveChangesAsync(ct);
        return new InterventionSaveResult.Saved(intervention.Id, intervention.Version);
    }

    /// <summary>Saves the form's plan over the intervention, if nobody has changed it since the form loaded <paramref name="expectedVersion"/>.</summary>
    public async Task<InterventionSaveResult> UpdateAsync(Guid id, uint expectedVersion, InterventionInput input, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var students = await scope.ApplyAsync(db.Students, ct);
        var intervention = await db.Interventions.Where(i => i.Id == id && students.Any(s => s.Id == i.StudentId)).SingleOrDefaultAsync(ct);
        if (intervention is null)
            return new InterventionSaveResult.Gone();
        if (InterventionRules.IsFinal(intervention.Status))
            return Closed(intervention.Status);

        var (valid, errors) = validation.Validate(input);
        if (valid is null)
            return new InterventionSaveResult.Invalid(errors);
        // Already newer than the form: no need to try the UPDATE to know it would be refused.
        if (intervention.Version != expectedVersion)
            return await ConflictAsync(id, ct);

        // The UPDATE's WHERE compares xmin with the version the form loaded, so a save landing between this read and
        // the write is caught too.
        db.Entry(intervention).Property(i => i.Version).OriginalValue = expectedVersion;
        Apply(valid, intervention, intervention.LearningPath);
        try
        {
            await db.SaveChangesAsync(ct);
            return new InterventionSaveResult.Saved(intervention.Id, intervention.Version);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(id, ct);
        }
    }

    private static void Apply(ValidIntervention valid, Intervention intervention, IReadOnlyList<LearningPathStep> stored)
    {
        intervention.WeakAreas = valid.WeakAreas.Select(w => new WeakArea
        {
            Concept = w.Concept,
            CurrentMastery = w.CurrentMastery,
            TargetMastery = w.TargetMastery,
            Priority = w.Priority,
        }).ToList();

        // The first stored step of each number: numbers are 1..n, but another node may have written the column.
        var byNumber = stored.GroupBy(s => s.Step).ToDictionary(g => g.Key, g => g.First());
        var claimed = new HashSet<int>();
        intervention.LearningPath = valid.Steps.Select(step => new LearningPathStep
        {
            Step = step.Step,
            Activity = step.Activity,
            Concept = step.Concept,
            ProblemSetId = step.ProblemSetId,
            NumProblems = step.NumProblems,
            EstimatedDuration = step.EstimatedDuration,
            CompletedAt = step.LoadedStep is { } number && byNumber.TryGetValue(number, out var was) && claimed.Add(number)
                          && was.Activity == step.Activity && was.Concept == step.Concept && was.ProblemSetId == step.ProblemSetId
                ? was.CompletedAt
                : null,
        }).ToList();
        intervention.Progress = InterventionRules.ProgressOf(intervention.LearningPath);
    }

    private async Task<InterventionSaveResult> ConflictAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await DraftAsync(db, id, ct) switch
        {
            null => new InterventionSaveResult.Gone(),
            { IsClosed: true } closed => Closed(closed.Status),
            var theirs => new InterventionSaveResult.Conflict(theirs),
        };
    }

    private async Task<InterventionDraft?> DraftAsync(StudentHubDbContext db, Guid id, CancellationToken ct)
    {
        var students = await scope.ApplyAsync(db.Students.AsNoTracking(), ct);
        var found = await db.Interventions.AsNoTracking()
            .Where(i => i.Id == id)
            .Join(students, i => i.StudentId, s => s.Id, (i, s) => new { Intervention = i, StudentName = s.Name })
            .SingleOrDefaultAsync(ct);
        if (found is null)
            return null;
        var intervention = found.Intervention;
        return new InterventionDraft(intervention.Id, intervention.StudentId, found.StudentName, intervention.Type, intervention.Status,
            intervention.Version, InterventionInput.From(intervention));
    }

    /// <summary>Why a completed or cancelled intervention's plan cannot be edited, in the reader's language.</summary>
    public string ClosedMessage(InterventionStatus status) =>
        localizer[status == InterventionStatus.Completed ? "ClosedCompleted" : "ClosedCancelled"];

    private InterventionSaveResult.Closed Closed(InterventionStatus status) => new(status, ClosedMessage(status));
}

public static class InterventionEditingExtensions
{
    /// <summary>The intervention form's validation, suggestions and service (admins plan and edit interventions).</summary>
    public static IServiceCollection AddInterventionEditing(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<InterventionValidation>();
        services.AddScoped<InterventionSuggestions>();
        services.AddScoped<InterventionEditing>();
        return services;
    }
}
