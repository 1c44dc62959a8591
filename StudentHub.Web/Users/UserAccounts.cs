using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Users;

/// <summary>Creating accounts and keeping roles and school assignments right; shared by the Users page, the <c>create-user</c> command and the demo accounts.</summary>
public sealed class UserAccounts(UserManager<ApplicationUser> userManager, StudentHubDbContext db)
{
    public Task<ApplicationUser?> FindByEmailAsync(string email) => userManager.FindByEmailAsync(email);

    public async Task<IdentityResult> CreateAsync(string email, string displayName, string role, IReadOnlyCollection<string> schools, string password)
    {
        if (!Roles.All.Contains(role))
            return IdentityResult.Failed(new IdentityError { Code = "UnknownRole", Description = $"Unknown role '{role}': one of {string.Join(", ", Roles.All)}." });

        await using var transaction = await db.Database.BeginTransactionAsync();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? email : displayName,
            Schools = schools.Distinct().Select(s => new UserSchool { SchoolId = s }).ToList(),
        };
        var result = await userManager.CreateAsync(user, password);
        if (result.Succeeded)
            result = await userManager.AddToRoleAsync(user, role);
        if (!result.Succeeded)
            return result;
        await transaction.CommitAsync();
        return result;
    }

    public Task<int> CountInRoleAsync(string role) =>
        db.UserRoles.CountAsync(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role));
}
