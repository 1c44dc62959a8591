using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Audit;

/// <summary>Every create, update and delete through SaveChanges leaves an audit row in the same transaction.</summary>
public class AuditInterceptorTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private sealed record Actor(string? UserId, string? UserName) : IAuditActor;

    private static readonly Actor Admin = new("user-admin-1", "admin@school.kr");

    [Fact]
    public async Task Create_IsRecordedWithWhoAndTheNewValues()
    {
        var student = NewStudent();
        await using (var db = database.CreateDbContext(Admin))
        {
            db.Students.Add(student);
            await db.SaveChangesAsync();
        }

        var row = Assert.Single(await AuditOfAsync("Student", student.Id));
        Assert.Equal(AuditActions.Create, row.Action);
        Assert.Equal("user-admin-1", row.UserId);
        Assert.Equal("admin@school.kr", row.UserName);
        Assert.Equal("정하은", row.Changes!["name"].New!.Value.GetString());
        Assert.Null(row.Changes["name"].Old);
        Assert.NotEqual(Guid.Empty, student.Id);
    }

    [Fact]
    public async Task Update_RecordsOnlyTheChangedFields_OldAndNew()
    {
        var student = NewStudent();
        await using (var db = database.CreateDbContext(Admin))
        {
            db.Students.Add(student);
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateDbContext(new Actor("user-teacher-2", "teacher@school.kr")))
        {
            var stored = await db.Students.SingleAsync(s => s.Id == student.Id);
            stored.Grade = 11;
            stored.Metadata.LearningStyle = "auditory";
            await db.SaveChangesAsync();
        }

        var update = (await AuditOfAsync("Student", student.Id)).Single(r => r.Action == AuditActions.Update);
        Assert.Equal("teacher@school.kr", update.UserName);
        Assert.Equal(["grade", "metadata"], update.Changes!.Keys.Order());
        Assert.Equal(10, update.Changes["grade"].Old!.Value.GetInt32());
        Assert.Equal(11, update.Changes["grade"].New!.Value.GetInt32());
        Assert.Equal("visual", update.Changes["metadata"].Old!.Value.GetProperty("learning_style").GetString());
        Assert.Equal("auditory", update.Changes["metadata"].New!.Value.GetProperty("learning_style").GetString());
    }

    [Fact]
    public async Task SavingWithoutAChange_RecordsNothing()
    {
        var student = NewStudent();
        await using (var db = database.CreateDbContext(Admin))
        {
            db.Students.Add(student);
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateDbContext(Admin))
        {
            var stored = await db.Students.SingleAsync(s => s.Id == student.Id);
            stored.Grade = 10;
            await db.SaveChangesAsync();
        }

        Assert.Single(await AuditOfAsync("Student", student.Id));
    }

    [Fact]
    public async Task ChangesToAnInterventionsPlan_AreRecordedOldAndNew()
    {
        var student = NewStudent();
        var intervention = new Intervention
        {
            Student = student,
            Type = InterventionType.TeacherRequested,
            WeakAreas = [new WeakArea { Concept = "이차함수", CurrentMastery = 0.6, Priority = 1 }],
            LearningPath = [new LearningPathStep { Step = 1, Activity = "review_concept", Concept = "이차함수", EstimatedDuration = 1800 }],
            Progress = new InterventionProgress { Total = 1 },
        };
        await using (var db = database.CreateDbContext(Admin))
        {
            db.Interventions.Add(intervention);
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateDbContext(Admin))
        {
            var stored = await db.Interventions.SingleAsync(i => i.Id == intervention.Id);
            stored.Progress.Completed = 1;
            stored.Status = InterventionStatus.Completed;
            await db.SaveChangesAsync();
        }

        var update = (await AuditOfAsync("Intervention", intervention.Id)).Single(r => r.Action == AuditActions.Update);
        Assert.Equal("active", update.Changes!["status"].Old!.Value.GetString());
        Assert.Equal("completed", update.Changes["status"].New!.Value.GetString());
        Assert.Equal(0, update.Changes["progress"].Old!.Value.GetProperty("completed").GetInt32());
        Assert.Equal(1, update.Changes["progress"].New!.Value.GetProperty("completed").GetInt32());
        Assert.DoesNotContain("weak_areas", update.Changes.Keys);
    }

    [Fact]
    public async Task Delete_IsRecorded()
    {
        var student = NewStudent();
        await using (var db = database.CreateDbContext(Admin))
        {
            db.Students.Add(student);
            await db.SaveChangesAsync();
            db.Students.Remove(student);
            await db.SaveChangesAsync();
        }

        var delete = (await AuditOfAsync("Student", student.Id)).Single(r => r.Action == AuditActions.Delete);
        Assert.Equal("정하은", delete.Changes!["name"].Old!.Value.GetString());
        Assert.Null(delete.Changes["name"].New);
    }

    [Fact]
    public async Task RolledBackChange_LeavesNoAuditRow()
    {
        var student = NewStudent();
        await using (var db = database.CreateDbContext(Admin))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Students.Add(student);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        Assert.Empty(await AuditOfAsync("Student", student.Id));
    }

    [Fact]
    public async Task RefusedChange_LeavesNoAuditRow()
    {
        var student = NewStudent();
        student.Grade = 13;
        await using (var db = database.CreateDbContext(Admin))
        {
            db.Students.Add(student);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        Assert.Empty(await AuditOfAsync("Student", student.Id));
    }

    [Fact]
    public async Task PasswordHashes_AreRecordedAsChanged_NeverWithTheirValues()
    {
        var user = new ApplicationUser { UserName = "x@school.kr", Email = "x@school.kr", PasswordHash = "AQAAAAIAAYagAAAAE-secret" };
        await using (var db = database.CreateDbContext(Admin))
        {
            db.Users.Add(user);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateDbContext();
        var raw = await read.Database.SqlQueryRaw<string>(
            "SELECT changes::text AS \"Value\" FROM audit.audit_logs WHERE entity_type = 'ApplicationUser' AND entity_key = {0}", user.Id).SingleAsync();
        Assert.DoesNotContain("secret", raw);
        Assert.Contains("\"password_hash\": {\"new\": \"***\"", raw);
    }

    private static Student NewStudent() => new()
    {
        Name = "정하은",
        SchoolId = "A" + Guid.NewGuid().ToString("N")[..8],
        Grade = 10,
        ClassName = "3반",
        StudentNumber = "12",
        Metadata = new StudentMetadata { LearningStyle = "visual" },
    };

    private async Task<List<AuditLog>> AuditOfAsync(string entityType, Guid key)
    {
        await using var db = database.CreateDbContext();
        return await db.AuditLogs.Where(a => a.EntityType == entityType && a.EntityKey == key.ToString()).OrderBy(a => a.Id).ToListAsync();
    }
}
