using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Npgsql;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Web.Security;

namespace StudentHub.Web.Students;

/// <summary>What came of saving the student form.</summary>
public abstract record StudentSaveResult
{
    /// <summary>Written; <paramref name="Version"/> is the row's new <c>xmin</c>.</summary>
    public sealed record Saved(Guid Id, uint Version) : StudentSaveResult;

    /// <summary>Nothing written: these fields break a rule.</summary>
    public sealed record Invalid(IReadOnlyDictionary<StudentField, string> Errors) : StudentSaveResult;

    /// <summary>
    /// Nothing written: another student already has this <c>(school_id, grade, class_name, student_number)</c>.
    /// The holder is null only if it was deleted again before it could be named.
    /// </summary>
    public sealed record IdentifierTaken(Guid? HolderId, string? HolderName, string Message) : StudentSaveResult;

    /// <summary>Nothing written: someone saved the student after the form loaded it. <paramref name="Theirs"/> is the record as it is now.</summary>
    public sealed record Conflict(StudentInput Theirs) : StudentSaveResult;

    /// <summary>Nothing written: the student no longer exists (deleted while the form was open).</summary>
    public sealed record Gone : StudentSaveResult;
}

/// <summary>What deleting a student takes with it (the database's ON DELETE CASCADE), for the confirmation.</summary>
public sealed record StudentDeletionImpact(Guid Id, string Name, long Events, int Interventions, int Tasks);

/// <summary>The graduation dialog's answer: the date chosen, or null to undo the graduation.</summary>
public sealed record GraduationDate(DateOnly? Date);

public enum StudentChangeOutcome
{
    Done,

    /// <summary>The student no longer exists.</summary>
    Gone,

    /// <summary>Someone saved the student in the instant between reading and writing it; nothing was changed.</summary>
    Changed,
}

/// <summary>
/// Creating, editing, deleting and graduating students, for admins. Each operation has a DbContext of its own and
/// goes through SaveChanges, so the audit trail records it with the acting user; nothing is written unless every
/// rule of <see cref="StudentValidation"/> and the unique identifier holds. Reads go through <see cref="SchoolScope"/>:
/// a student outside the reader's schools is as missing as one that does not exist.
/// </summary>
/// <remarks>
/// Edits are optimistic on PostgreSQL's <c>xmin</c> (<see cref="Student.Version"/>): the form carries the version it
/// loaded, the UPDATE is conditional on it, and a save over someone else's newer save comes back as
/// <see cref="StudentSaveResult.Conflict"/> with their version, for the user to choose. <c>updated_at</c> is set here
/// on every save, as no trigger or SaveChanges hook maintains it.
/// </remarks>
public sealed class StudentEditing(
    IDbContextFactory<StudentHubDbContext> contextFactory,
    SchoolScope scope,
    StudentValidation validation,
    TimeProvider clock,
    IStringLocalizer<StudentValidation> localizer)
{
    private const string UniqueIdentifier = "students_unique_identifier";

    /// <summary>The student as the form edits it, with its current version; null if there is none the reader may see.</summary>
    public async Task<StudentInput?> LoadAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var student = await (await scope.ApplyAsync(db.Students.AsNoTracking(), ct)).SingleOrDefaultAsync(s => s.Id == id, ct);
        return student is null ? null : StudentInput.From(student);
    }

    public async Task<StudentSaveResult> CreateAsync(StudentInput input, CancellationToken ct = default)
    {
        var (valid, errors) = validation.Validate(input);
        if (valid is null)
            return new StudentSaveResult.Invalid(errors);
        if (!await scope.CanReadAsync(valid.SchoolId, ct))
            return new StudentSaveResult.Invalid(new Dictionary<StudentField, string> { [StudentField.SchoolId] = localizer["SchoolNotYours"] });

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        if (await HolderAsync(db, valid, null, ct) is { } holder)
            return Taken(holder.Id, holder.Name);

        var now = clock.GetUtcNow();
        var student = new Student { CreatedAt = now };
        Apply(valid, student, now);
        db.Students.Add(student);
        return await SaveAsync(db, student, valid, ct);
    }

    /// <summary>Saves the form over the student, if nobody has saved it since the form loaded <see cref="StudentInput.Version"/>.</summary>
    public async Task<StudentSaveResult> UpdateAsync(Guid id, StudentInput input, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var student = await (await scope.ApplyAsync(db.Students, ct)).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (student is null)
            return new StudentSaveResult.Gone();

        var (valid, errors) = validation.Validate(input, student.Metadata);
        if (valid is null)
            return new StudentSaveResult.Invalid(errors);
        if (!await scope.CanReadAsync(valid.SchoolId, ct))
            return new StudentSaveResult.Invalid(new Dictionary<StudentField, string> { [StudentField.SchoolId] = localizer["SchoolNotYours"] });
        // Already newer than the form: no need to try the UPDATE to know it would be refused.
        if (student.Version != input.Version)
            return new StudentSaveResult.Conflict(StudentInput.From(student));
        if (await HolderAsync(db, valid, id, ct) is { } holder)
            return Taken(holder.Id, holder.Name);

        // The UPDATE's WHERE compares xmin with the version the form loaded (the same as the one just read, or the check
        // above would have answered), so a save that lands between this read and the write is caught too.
        db.Entry(student).Property(s => s.Version).OriginalValue = input.Version;
        Apply(valid, student, clock.GetUtcNow());
        return await SaveAsync(db, student, valid, ct);
    }

    /// <summary>The student's name and how many events, interventions and tasks go with it; null if there is none the reader may see.</summary>
    public async Task<StudentDeletionImpact?> DeletionImpactAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var name = await (await scope.ApplyAsync(db.Students.AsNoTracking(), ct))
            .Where(s => s.Id == id).Select(s => s.Name).SingleOrDefaultAsync(ct);
        if (name is null)
            return null;
        // idx_lh_student_id serves the count in every partition.
        var events = await db.LearningHistory.LongCountAsync(e => e.StudentId == id, ct);
        var interventions = await db.Interventions.CountAsync(i => i.StudentId == id, ct);
        var tasks = await db.ScheduledTasks.CountAsync(t => t.StudentId == id, ct);
        return new StudentDeletionImpact(id, name, events, interventions, tasks);
    }

    /// <summary>Deletes the student; the database's ON DELETE CASCADE removes its events, interventions and tasks.</summary>
    public async Task<StudentChangeOutcome> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var student = await (await scope.ApplyAsync(db.Students, ct)).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (student is null)
            return StudentChangeOutcome.Gone;
        db.Students.Remove(student);
        return await SaveChangeAsync(db, id, ct);
    }

    /// <summary>Sets the graduation date (<paramref name="date"/>), or clears it (null) to undo a graduation.</summary>
    public async Task<StudentChangeOutcome> SetGraduatedAsync(Guid id, DateOnly? date, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var student = await (await scope.ApplyAsync(db.Students, ct)).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (student is null)
            return StudentChangeOutcome.Gone;
        student.GraduatedAt = date;
        student.UpdatedAt = clock.GetUtcNow();
        return await SaveChangeAsync(db, id, ct);
    }

    private static void Apply(ValidStudent valid, Student student, DateTimeOffset now)
    {
        student.Name = valid.Name;
        student.SchoolId = valid.SchoolId;
        student.Grade = valid.Grade;
        student.ClassName = valid.ClassName;
        student.StudentNumber = valid.StudentNumber;
        student.Email = valid.Email;
        student.ParentContact = valid.ParentContact;
        student.UpdatedAt = now;

        // Edited in place, so keys of parent_preferences the form does not show survive with it.
        var metadata = student.Metadata;
        metadata.LearningStyle = valid.LearningStyle;
        metadata.SpecialNeeds = valid.SpecialNeeds;
        // No interests stays as it was stored: an absent key is not rewritten as [].
        metadata.Interests = valid.Interests.Count == 0 && metadata.Interests is null ? null : [.. valid.Interests];
        metadata.Other = valid.OtherMetadata;

        var preferences = metadata.ParentPreferences;
        if (preferences is null && (valid.NotificationMethod is not null || valid.ReportFrequency is not null))
            preferences = metadata.ParentPreferences = new ParentPreferences();
        if (preferences is null)
            return;
        var cleared = (preferences.NotificationMethod is not null || preferences.ReportFrequency is not null)
            && valid.NotificationMethod is null && valid.ReportFrequency is null;
        preferences.NotificationMethod = valid.NotificationMethod;
        preferences.ReportFrequency = valid.ReportFrequency;
        // Clearing both leaves no preferences rather than an empty object, unless the object holds other keys.
        if (cleared && preferences.Other is not { Count: > 0 })
            metadata.ParentPreferences = null;
    }

    private async Task<StudentSaveResult> SaveAsync(StudentHubDbContext db, Student student, ValidStudent valid, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return new StudentSaveResult.Saved(student.Id, student.Version);
        }
        catch (DbUpdateConcurrencyException)
        {
            var theirs = await CurrentAsync(student.Id, ct);
            return theirs is null ? new StudentSaveResult.Gone() : new StudentSaveResult.Conflict(StudentInput.From(theirs));
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: UniqueIdentifier,
        })
        {
            // Someone took the identifier between the check and the write: name them, as the check would have.
            await using var fresh = await contextFactory.CreateDbContextAsync(ct);
            var holder = await HolderAsync(fresh, valid, student.Id, ct);
            return Taken(holder?.Id, holder?.Name);
        }
    }

    private static async Task<StudentChangeOutcome> SaveChangeAsync(StudentHubDbContext db, Guid id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return StudentChangeOutcome.Done;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return await db.Students.AnyAsync(s => s.Id == id, ct) ? StudentChangeOutcome.Changed : StudentChangeOutcome.Gone;
        }
    }

    private async Task<Student?> CurrentAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await (await scope.ApplyAsync(db.Students.AsNoTracking(), ct)).SingleOrDefaultAsync(s => s.Id == id, ct);
    }

    // The database's rule: a NULL class or number never clashes (NULLs are distinct in a UNIQUE constraint).
    private static async Task<(Guid Id, string Name)?> HolderAsync(StudentHubDbContext db, ValidStudent valid, Guid? self, CancellationToken ct)
    {
        if (valid.ClassName is null || valid.StudentNumber is null)
            return null;
        var holder = await db.Students.AsNoTracking()
            .Where(s => s.SchoolId == valid.SchoolId && s.Grade == valid.Grade && s.ClassName == valid.ClassName
                        && s.StudentNumber == valid.StudentNumber && s.Id != self)
            .Select(s => new { s.Id, s.Name })
            .FirstOrDefaultAsync(ct);
        return holder is null ? null : (holder.Id, holder.Name);
    }

    private StudentSaveResult.IdentifierTaken Taken(Guid? id, string? name) =>
        new(id, name, name is null ? localizer["IdentifierTakenByUnknown"] : localizer["IdentifierTaken", name]);
}

public static class StudentEditingExtensions
{
    /// <summary>The student form's validation and service (admins create, edit, delete and graduate students).</summary>
    public static IServiceCollection AddStudentEditing(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<StudentValidation>();
        services.AddScoped<StudentEditing>();
        return services;
    }
}
