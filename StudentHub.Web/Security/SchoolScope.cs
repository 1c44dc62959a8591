using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Security;

/// <summary>
/// Which schools the current user may read: every school for staff and admins, the assigned ones for a
/// teacher, none for anyone else. Every query of students or their records goes through it.
/// </summary>
public sealed class SchoolScope(CurrentUser currentUser, IDbContextFactory<StudentHubDbContext> contextFactory)
{
    private IReadOnlySet<string>? _assigned;

    public bool AllSchools => currentUser.IsInRole(Roles.Admin) || currentUser.IsInRole(Roles.Staff);

    /// <summary>The schools a teacher is assigned to (empty for a user with no role); null means every school.</summary>
    public async Task<IReadOnlySet<string>?> SchoolIdsAsync(CancellationToken ct = default)
    {
        if (AllSchools)
            return null;
        if (!currentUser.IsInRole(Roles.Teacher) || currentUser.UserId is not { } userId)
            return new HashSet<string>();
        if (_assigned is null)
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            _assigned = (await db.UserSchools.Where(s => s.UserId == userId).Select(s => s.SchoolId).ToListAsync(ct)).ToHashSet();
        }
        return _assigned;
    }

    public async Task<IQueryable<Student>> ApplyAsync(IQueryable<Student> students, CancellationToken ct = default)
    {
        var schools = await SchoolIdsAsync(ct);
        return schools is null ? students : students.Where(s => schools.Contains(s.SchoolId));
    }

    public async Task<bool> CanReadAsync(string schoolId, CancellationToken ct = default)
    {
        var schools = await SchoolIdsAsync(ct);
        return schools is null || schools.Contains(schoolId);
    }
}
