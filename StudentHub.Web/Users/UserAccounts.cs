using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using StudentHub.Data;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Users;

/// <summary>
/// Creating accounts and keeping roles, school assignments, lockouts and passwords right; shared by the Users page,
/// the <c>create-user</c> command and the demo accounts. Every change goes through <see cref="UserManager{TUser}"/>
/// and this scope's DbContext, so the audit trail records it with the acting user.
/// </summary>
/// <remarks>
/// Not one admin who can sign in may be lost: the last such admin cannot be deleted, demoted or locked. Account
/// changes take one advisory lock for their transaction, so two admins demoting each other at once cannot both succeed.
/// </remarks>
public sealed class UserAccounts(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    StudentHubDbContext db,
    IOptions<IdentityOptions> identityOptions,
    IStringLocalizer<UserAccounts> localizer)
{
    /// <summary>The lockout end of an account locked until an admin unlocks it.</summary>
    public static readonly DateTimeOffset Indefinitely = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public Task<ApplicationUser?> FindByEmailAsync(string email) => userManager.FindByEmailAsync(email);

    /// <summary>Makes sure every role of <see cref="Roles.All"/> exists.</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roleManager.RoleExistsAsync(role))
                await roleManager.CreateAsync(new IdentityRole(role));
    }

    /// <summary>Teachers read their schools' students only, so they need at least one; staff and admins read every school and have none.</summary>
    public IdentityResult CheckRoleAndSchools(string role, IReadOnlyCollection<string> schools)
    {
        if (!Roles.All.Contains(role))
            return FailedAs(UserAccountErrors.UnknownRole, UserAccountErrors.UnknownRole, role, string.Join(", ", Roles.All));
        var count = Clean(schools).Count;
        if (role == Roles.Teacher && count == 0)
            return Failed(UserAccountErrors.TeacherNeedsSchool);
        if (role != Roles.Teacher && count > 0)
            return Failed(UserAccountErrors.SchoolsOnlyForTeachers);
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> CreateAsync(string email, string displayName, string role, IReadOnlyCollection<string> schools, string password)
    {
        schools = Clean(schools);
        var user = new ApplicationUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? email.Trim() : displayName.Trim(),
            Schools = schools.Select(s => new UserSchool { SchoolId = s }).ToList(),
        };
        var check = CheckRoleAndSchools(role, schools);
        if (!check.Succeeded)
            // Everything that is wrong at once, not one problem per attempt: the email and password are checked too.
            return IdentityResult.Failed([.. check.Errors, .. await ValidationErrorsAsync(user, password)]);

        return await InTransactionAsync(async () =>
        {
            await EnsureRolesAsync();
            var result = await userManager.CreateAsync(user, password);
            return result.Succeeded ? await userManager.AddToRoleAsync(user, role) : result;
        });
    }

    public async Task<UserList> ListAsync(UserListQuery query, CancellationToken ct = default)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + EscapeLike(query.Search.Trim()) + "%";
            users = users.Where(u => EF.Functions.ILike(u.DisplayName, pattern, @"\") || EF.Functions.ILike(u.Email!, pattern, @"\"));
        }

        var rows = users.Select(u => new
        {
            User = u,
            Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).OrderBy(n => n).FirstOrDefault(),
        });
        var total = await rows.CountAsync(ct);
        rows = (query.SortBy, query.Descending) switch
        {
            (nameof(UserSummary.Email), false) => rows.OrderBy(r => r.User.Email),
            (nameof(UserSummary.Email), true) => rows.OrderByDescending(r => r.User.Email),
            (nameof(UserSummary.Role), false) => rows.OrderBy(r => r.Role).ThenBy(r => r.User.DisplayName),
            (nameof(UserSummary.Role), true) => rows.OrderByDescending(r => r.Role).ThenBy(r => r.User.DisplayName),
            (nameof(UserSummary.LockedUntil), false) => rows.OrderBy(r => r.User.LockoutEnd).ThenBy(r => r.User.DisplayName),
            (nameof(UserSummary.LockedUntil), true) => rows.OrderByDescending(r => r.User.LockoutEnd).ThenBy(r => r.User.DisplayName),
            (_, true) => rows.OrderByDescending(r => r.User.DisplayName).ThenBy(r => r.User.Email),
            _ => rows.OrderBy(r => r.User.DisplayName).ThenBy(r => r.User.Email),
        };

        var page = await rows
            .Skip(query.Page * query.PageSize)
            .Take(query.PageSize)
            .Select(r => new UserSummary(
                r.User.Id,
                r.User.Email!,
                r.User.DisplayName,
                r.Role,
                r.User.Schools.OrderBy(s => s.SchoolId).Select(s => s.SchoolId).ToList(),
                r.User.LockoutEnd,
                // The newest sign-in in the audit trail: idx_audit_logs_user (user_id, occurred_at desc) walks one
                // user's entries newest first and stops at the first sign-in, so a page of users costs a page of probes.
                db.AuditLogs
                    .Where(a => a.UserId == r.User.Id && a.Action == AuditActions.SignIn)
                    .OrderByDescending(a => a.OccurredAt)
                    .Select(a => (DateTimeOffset?)a.OccurredAt)
                    .FirstOrDefault()))
            .ToListAsync(ct);
        return new UserList(page, total);
    }

    /// <summary>The schools a teacher can be assigned to: those with students, and those teachers already have.</summary>
    public async Task<IReadOnlyList<string>> SchoolIdsAsync(CancellationToken ct = default) =>
        await db.Students.Select(s => s.SchoolId)
            .Union(db.UserSchools.Select(s => s.SchoolId))
            .OrderBy(s => s)
            .ToListAsync(ct);

    /// <summary>
    /// Sets the name, role and schools of the account <paramref name="original"/> shows. Refused when someone changed
    /// any of them since <paramref name="original"/> was read, so no edit silently overwrites another's.
    /// </summary>
    public async Task<IdentityResult> ChangeAsync(UserSummary original, string displayName, string role, IReadOnlyCollection<string> schools)
    {
        schools = Clean(schools);
        var check = CheckRoleAndSchools(role, schools);
        if (!check.Succeeded)
            return check;

        return await InTransactionAsync(async () =>
        {
            var user = await db.Users.Include(u => u.Schools).SingleOrDefaultAsync(u => u.Id == original.Id);
            if (user is null)
                return Failed(UserAccountErrors.NotFound);
            var currentRoles = await userManager.GetRolesAsync(user);
            var currentSchools = user.Schools.Select(s => s.SchoolId).ToHashSet();
            if (user.DisplayName != original.DisplayName
                || currentRoles.Order(StringComparer.Ordinal).FirstOrDefault() != original.Role
                || !currentSchools.SetEquals(original.Schools))
                return Failed(UserAccountErrors.ChangedMeanwhile);
            if (currentRoles.Contains(Roles.Admin) && role != Roles.Admin && !await AnotherAdminCanSignInAsync(user.Id))
                return FailedAs(UserAccountErrors.LastAdmin, "LastAdminDemote", user.DisplayName);

            user.DisplayName = string.IsNullOrWhiteSpace(displayName) ? user.Email! : displayName.Trim();
            user.Schools.RemoveAll(s => !schools.Contains(s.SchoolId));
            user.Schools.AddRange(schools.Where(s => !currentSchools.Contains(s)).Select(s => new UserSchool { UserId = user.Id, SchoolId = s }));
            var result = await userManager.UpdateAsync(user);
            if (result.Succeeded && currentRoles.Any(r => r != role))
                result = await userManager.RemoveFromRolesAsync(user, currentRoles.Where(r => r != role));
            if (result.Succeeded && !currentRoles.Contains(role))
                result = await userManager.AddToRoleAsync(user, role);
            // A new stamp makes open sessions re-check: the user's circuits see the new role and schools, or end.
            return result.Succeeded ? await userManager.UpdateSecurityStampAsync(user) : result;
        });
    }

    /// <summary>Locks the account until <paramref name="until"/>, or until an admin unlocks it when null.</summary>
    public Task<IdentityResult> LockAsync(string userId, DateTimeOffset? until) =>
        InTransactionAsync(async () =>
        {
            if (until <= DateTimeOffset.UtcNow)
                return Failed(UserAccountErrors.LockEndPassed);
            if (await userManager.FindByIdAsync(userId) is not { } user)
                return Failed(UserAccountErrors.NotFound);
            if (await userManager.IsInRoleAsync(user, Roles.Admin) && !await AnotherAdminCanSignInAsync(user.Id))
                return FailedAs(UserAccountErrors.LastAdmin, "LastAdminLock", user.DisplayName);

            var result = await userManager.SetLockoutEnabledAsync(user, true);
            if (result.Succeeded)
                // In UTC, whatever offset the caller used: Npgsql writes timestamptz from UTC offsets only.
                result = await userManager.SetLockoutEndDateAsync(user, until?.ToUniversalTime() ?? Indefinitely);
            return result.Succeeded ? await userManager.UpdateSecurityStampAsync(user) : result;
        });

    /// <summary>Ends a lockout, whether an admin set it or too many wrong passwords did.</summary>
    public Task<IdentityResult> UnlockAsync(string userId) =>
        InTransactionAsync(async () =>
        {
            if (await userManager.FindByIdAsync(userId) is not { } user)
                return Failed(UserAccountErrors.NotFound);
            var result = await userManager.SetLockoutEndDateAsync(user, null);
            return result.Succeeded ? await userManager.ResetAccessFailedCountAsync(user) : result;
        });

    /// <summary>Sets a new password chosen by an admin; the new security stamp ends the user's open sessions.</summary>
    public Task<IdentityResult> ResetPasswordAsync(string userId, string newPassword) =>
        InTransactionAsync(async () =>
        {
            if (await userManager.FindByIdAsync(userId) is not { } user)
                return Failed(UserAccountErrors.NotFound);
            var token = await userManager.GeneratePasswordResetTokenAsync(user);
            return await userManager.ResetPasswordAsync(user, token, newPassword);
        });

    public Task<IdentityResult> DeleteAsync(string userId) =>
        InTransactionAsync(async () =>
        {
            if (await userManager.FindByIdAsync(userId) is not { } user)
                return Failed(UserAccountErrors.NotFound);
            if (await userManager.IsInRoleAsync(user, Roles.Admin) && !await AnotherAdminCanSignInAsync(user.Id))
                return FailedAs(UserAccountErrors.LastAdmin, "LastAdminDelete", user.DisplayName);
            return await userManager.DeleteAsync(user);
        });

    /// <summary>A random password that meets the password policy, for an admin to hand over once.</summary>
    public string GeneratePassword()
    {
        const string lower = "abcdefghijkmnopqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!#$%*+-=?@";
        // Look-alike characters (l, 1, I, O, 0) are left out: the password is read aloud or copied by hand.
        var options = identityOptions.Value.Password;
        var length = Math.Max(16, options.RequiredLength);
        while (true)
        {
            var password = RandomNumberGenerator.GetString(lower + upper + digits + symbols, length);
            if (password.Any(lower.Contains) && password.Any(upper.Contains) && password.Any(digits.Contains)
                && password.Any(symbols.Contains) && password.Distinct().Count() >= options.RequiredUniqueChars)
                return password;
        }
    }

    private async Task<List<IdentityError>> ValidationErrorsAsync(ApplicationUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in userManager.UserValidators)
            errors.AddRange((await validator.ValidateAsync(userManager, user)).Errors);
        foreach (var validator in userManager.PasswordValidators)
            errors.AddRange((await validator.ValidateAsync(userManager, user, password)).Errors);
        return errors;
    }

    // Another admin who is not locked out: without one, nobody could sign in to manage users any more.
    private Task<bool> AnotherAdminCanSignInAsync(string userId)
    {
        var now = DateTimeOffset.UtcNow;
        return db.UserRoles.AnyAsync(ur =>
            ur.UserId != userId
            && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin)
            && db.Users.Any(u => u.Id == ur.UserId && (u.LockoutEnd == null || u.LockoutEnd <= now)));
    }

    private async Task<IdentityResult> InTransactionAsync(Func<Task<IdentityResult>> change)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('studenthub.user_accounts'))");
        var result = await change();
        if (result.Succeeded)
            await transaction.CommitAsync();
        return result;
    }

    private IdentityResult Failed(string code) => FailedAs(code, code);

    private IdentityResult FailedAs(string code, string message, params object[] arguments) =>
        IdentityResult.Failed(new IdentityError { Code = code, Description = localizer[message, arguments] });

    private static List<string> Clean(IReadOnlyCollection<string> schools) =>
        schools.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct().ToList();

    // % and _ typed by a user are text, not wildcards; the ILike calls name "\" as the escape character, which
    // Npgsql otherwise turns off.
    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
