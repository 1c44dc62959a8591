using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data.Entities;

namespace StudentHub.Data.Configurations;

/// <summary>Identity's tables and the data-protection keys live in schema <c>identity</c>, apart from the design document's tables.</summary>
internal static class IdentityConfiguration
{
    public const string Schema = "identity";

    public static void Apply(ModelBuilder b)
    {
        b.Entity<ApplicationUser>(u =>
        {
            u.ToTable("users", Schema);
            u.Property(x => x.DisplayName).HasMaxLength(100);
            u.Property(x => x.PreferredTheme).HasMaxLength(10);
            u.Property(x => x.CreatedAt).HasDefaultValueSql("now()");
            u.HasMany(x => x.Schools).WithOne().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<IdentityRole>().ToTable("roles", Schema);
        b.Entity<IdentityUserRole<string>>().ToTable("user_roles", Schema);
        b.Entity<IdentityUserClaim<string>>().ToTable("user_claims", Schema);
        b.Entity<IdentityUserLogin<string>>().ToTable("user_logins", Schema);
        b.Entity<IdentityUserToken<string>>().ToTable("user_tokens", Schema);
        b.Entity<IdentityRoleClaim<string>>().ToTable("role_claims", Schema);
        b.Entity<UserSchool>(s =>
        {
            s.ToTable("user_schools", Schema);
            s.HasKey(x => new { x.UserId, x.SchoolId });
            s.Property(x => x.SchoolId).HasMaxLength(50);
            s.HasIndex(x => x.SchoolId);
        });
        b.Entity<DataProtectionKey>().ToTable("data_protection_keys", Schema);
    }
}
