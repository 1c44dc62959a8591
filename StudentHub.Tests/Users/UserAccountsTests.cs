using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Security;
using StudentHub.Web.Users;

namespace StudentHub.Tests.Users;

/// <summary>The account service as the Users page uses it: each operation in a scope of its own, acting as an admin.</summary>
public class UserAccountsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string Password = "teacher-password-2026";
    private readonly ServiceProvider _services = new ServiceCollection().AddAccountServices(database).BuildServiceProvider();
    private ClaimsPrincipal _admin = new();

    public async Task InitializeAsync()
    {
        // Every test acts as an admin of its own, so tests do not depend on each other's accounts.
        var admin = await CreateAsync($"admin-{Guid.NewGuid():N}@school.kr", Roles.Admin);
        _admin = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, admin.Id), new Claim(ClaimTypes.Name, admin.Email), new Claim(ClaimTypes.Role, Roles.Admin)],
            authenticationType: "Test"));
    }

    [Fact]
    public async Task Create_ByAnAdmin_IsAuditedWithTheAdminsName()
    {
        var teacher = await CreateAsync(NewEmail(), Roles.Teacher, ["SCH001", "SCH002"]);

        await using var db = database.CreateDbContext();
        var rows = await db.AuditLogs.Where(a => a.EntityKey!.StartsWith(teacher.Id) && a.Action == AuditActions.Create).ToListAsync();
        Assert.Contains(rows, r => r.EntityType == nameof(ApplicationUser));
        Assert.Equal(2, rows.Count(r => r.EntityType == nameof(UserSchool)));
        Assert.Contains(rows, r => r.EntityType == "IdentityUserRole`1");
        Assert.All(rows, r =>
        {
            Assert.Equal(_admin.Identity!.Name, r.UserName);
            Assert.Equal(_admin.FindFirstValue(ClaimTypes.NameIdentifier), r.UserId);
        });
        var created = rows.Single(r => r.EntityType == nameof(ApplicationUser));
        Assert.Equal(teacher.Email, created.Changes!["email"].New!.Value.GetString());
        Assert.Equal("***", created.Changes["password_hash"].New!.Value.GetString());
    }

    [Fact]
    public async Task Create_WithSeveralProblems_SaysThemAllAtOnceAndCreatesNothing()
    {
        var taken = await CreateAsync(NewEmail(), Roles.Staff);

        var result = await RunAsync(a => a.CreateAsync(taken.Email, "교사", Roles.Teacher, [], "short"));

        Assert.Equal(
            [UserField.Schools, UserField.Email, UserField.Password],
            result.Errors.Select(UserAccountErrors.FieldOf).Distinct());
        Assert.Contains(result.Errors, e => e.Description == $"{taken.Email} already belongs to another account.");
        Assert.Contains(result.Errors, e => e.Description == "The password needs at least 10 characters.");
        Assert.Single(await ListAsync(taken.Email));
    }

    [Theory]
    [InlineData(Roles.Teacher, new string[0], UserAccountErrors.TeacherNeedsSchool)]
    [InlineData(Roles.Staff, new[] { "SCH001" }, UserAccountErrors.SchoolsOnlyForTeachers)]
    [InlineData(Roles.Admin, new[] { "SCH001" }, UserAccountErrors.SchoolsOnlyForTeachers)]
    [InlineData("Principal", new string[0], UserAccountErrors.UnknownRole)]
    public async Task Create_WithSchoolsThatDoNotFitTheRole_IsRefused(string role, string[] schools, string code)
    {
        var email = NewEmail();

        var result = await RunAsync(a => a.CreateAsync(email, "누군가", role, schools, Password));

        Assert.Equal(code, result.Errors.First().Code);
        Assert.Empty(await ListAsync(email));
    }

    [Fact]
    public async Task IdentityErrors_SpeakTheReadersLanguage()
    {
        var email = NewEmail();
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ko-KR");

        var result = await RunAsync(a => a.CreateAsync(email, "교사", Roles.Staff, [], "abcdefghij"));

        Assert.Equal("비밀번호에 숫자(0-9)가 하나 이상 있어야 합니다.", Assert.Single(result.Errors).Description);
    }

    [Fact]
    public async Task Change_SetsRoleAndSchools_RenewsTheStamp_AndIsAudited()
    {
        var teacher = await CreateAsync(NewEmail(), Roles.Teacher, ["SCH001", "SCH002"]);
        var stamp = await StampAsync(teacher.Id);

        var result = await RunAsync(a => a.ChangeAsync(teacher, "박민준 선생님", Roles.Teacher, ["SCH002", "SCH003"]));

        Assert.True(result.Succeeded, Describe(result));
        var changed = (await ListAsync(teacher.Email)).Single();
        Assert.Equal("박민준 선생님", changed.DisplayName);
        Assert.Equal(["SCH002", "SCH003"], changed.Schools);
        Assert.NotEqual(stamp, await StampAsync(teacher.Id));
        await using var db = database.CreateDbContext();
        Assert.Equal(_admin.Identity!.Name, await db.AuditLogs
            .Where(a => a.EntityType == nameof(UserSchool) && a.EntityKey == teacher.Id + ",SCH001" && a.Action == AuditActions.Delete)
            .Select(a => a.UserName).SingleAsync());

        var toStaff = await RunAsync(a => a.ChangeAsync(changed, changed.DisplayName, Roles.Staff, []));

        Assert.True(toStaff.Succeeded, Describe(toStaff));
        var staff = (await ListAsync(teacher.Email)).Single();
        Assert.Equal(Roles.Staff, staff.Role);
        Assert.Empty(staff.Schools);
    }

    [Fact]
    public async Task Change_AfterSomeoneElseChangedTheAccount_IsRefused()
    {
        var teacher = await CreateAsync(NewEmail(), Roles.Teacher, ["SCH001"]);
        Assert.True((await RunAsync(a => a.ChangeAsync(teacher, teacher.DisplayName, Roles.Teacher, ["SCH002"]))).Succeeded);

        var stale = await RunAsync(a => a.ChangeAsync(teacher, "다른 이름", Roles.Teacher, ["SCH001"]));

        Assert.Equal(UserAccountErrors.ChangedMeanwhile, Assert.Single(stale.Errors).Code);
        Assert.Equal(["SCH002"], (await ListAsync(teacher.Email)).Single().Schools);
    }

    [Fact]
    public async Task Lock_KeepsTheUserOut_UntilUnlocked()
    {
        var teacher = await CreateAsync(NewEmail(), Roles.Teacher, ["SCH001"]);
        var stamp = await StampAsync(teacher.Id);

        Assert.True((await RunAsync(a => a.LockAsync(teacher.Id, null))).Succeeded);

        var locked = (await ListAsync(teacher.Email)).Single();
        Assert.True(locked.IsLockedIndefinitely);
        Assert.True((await CheckPasswordAsync(teacher.Email, Password)).IsLockedOut);
        Assert.NotEqual(stamp, await StampAsync(teacher.Id));

        Assert.True((await RunAsync(a => a.UnlockAsync(teacher.Id))).Succeeded);

        Assert.False((await ListAsync(teacher.Email)).Single().IsLocked);
        Assert.True((await CheckPasswordAsync(teacher.Email, Password)).Succeeded);
    }

    [Fact]
    public async Task Lock_UntilATime_LocksUntilThen_AndATimePassedIsRefused()
    {
        var teacher = await CreateAsync(NewEmail(), Roles.Teacher, ["SCH001"]);
        // An offset other than UTC, which the database cannot store as given.
        var until = DateTimeOffset.UtcNow.AddHours(3).ToOffset(TimeSpan.FromHours(9));

        var passed = await RunAsync(a => a.LockAsync(teacher.Id, DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.Equal(UserField.LockEnd, UserAccountErrors.FieldOf(Assert.Single(passed.Errors)));

        Assert.True((await RunAsync(a => a.LockAsync(teacher.Id, until))).Succeeded);

        var locked = (await ListAsync(teacher.Email)).Single();
        Assert.True(locked.IsLocked);
        Assert.False(locked.IsLockedIndefinitely);
        Assert.Equal(until, locked.LockedUntil!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task ResetPassword_ThenTheNewPasswordSignsIn_AndTheOldNoLonger()
    {
        var teacher = await CreateAsync(NewEmail(), Roles.Teacher, ["SCH001"]);
        var stamp = await StampAsync(teacher.Id);
        var generated = await RunAsync(a => Task.FromResult(a.GeneratePassword()));

        var result = await RunAsync(a => a.ResetPasswordAsync(teacher.Id, generated));

        Assert.True(result.Succeeded, Describe(result));
        Assert.True((await CheckPasswordAsync(teacher.Email, generated)).Succeeded);
        Assert.False((await CheckPasswordAsync(teacher.Email, Password)).Succeeded);
        Assert.NotEqual(stamp, await StampAsync(teacher.Id));
    }

    [Fact]
    public async Task ResetPassword_ToAWeakOne_SaysWhyAndKeepsTheOld()
    {
        var teacher = await CreateAsync(NewEmail(), Roles.Teacher, ["SCH001"]);

        var result = await RunAsync(a => a.ResetPasswordAsync(teacher.Id, "password"));

        Assert.All(result.Errors, e => Assert.Equal(UserField.Password, UserAccountErrors.FieldOf(e)));
        Assert.Contains(result.Errors, e => e.Description == "The password needs a digit (0-9).");
        Assert.True((await CheckPasswordAsync(teacher.Email, Password)).Succeeded);
    }

    [Fact]
    public async Task GeneratedPasswords_MeetThePolicy_AndDiffer()
    {
        var passwords = await RunAsync(a => Task.FromResult(Enumerable.Range(0, 20).Select(_ => a.GeneratePassword()).ToList()));

        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        foreach (var password in passwords)
            foreach (var validator in users.PasswordValidators)
                Assert.True((await validator.ValidateAsync(users, new ApplicationUser(), password)).Succeeded, password);
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Fact]
    public async Task List_SearchesNameAndEmail_SortsAndPages_AndShowsTheLastSignIn()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var kim = await CreateAsync($"kim-{tag}@school.kr", Roles.Teacher, ["SCH001"], $"김 {tag}");
        var lee = await CreateAsync($"lee-{tag}@school.kr", Roles.Staff, displayName: $"이 {tag}");
        await CreateAsync($"park-{tag}@school.kr", Roles.Admin, displayName: $"박 {tag}");
        var signedIn = new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.Zero);
        await using (var db = database.CreateDbContext())
        {
            db.AuditLogs.AddRange(
                new AuditLog { OccurredAt = signedIn.AddDays(-1), UserId = kim.Id, Action = AuditActions.SignIn },
                new AuditLog { OccurredAt = signedIn, UserId = kim.Id, Action = AuditActions.SignIn },
                new AuditLog { OccurredAt = signedIn.AddDays(1), UserId = kim.Id, Action = AuditActions.SignOut });
            await db.SaveChangesAsync();
        }

        var byRole = await RunAsync(a => a.ListAsync(new UserListQuery(tag, nameof(UserSummary.Role), false, 0, 2)));
        var secondPage = await RunAsync(a => a.ListAsync(new UserListQuery(tag, nameof(UserSummary.Role), false, 1, 2)));
        var byEmailFragment = await RunAsync(a => a.ListAsync(new UserListQuery($"LEE-{tag}", null, false, 0, 10)));

        Assert.Equal(3, byRole.Total);
        Assert.Equal([Roles.Admin, Roles.Staff], byRole.Items.Select(u => u.Role));
        Assert.Equal([kim.Email], secondPage.Items.Select(u => u.Email));
        Assert.Equal(signedIn, secondPage.Items.Single().LastSignIn);
        Assert.Null(byRole.Items[1].LastSignIn);
        Assert.Equal([lee.Email], byEmailFragment.Items.Select(u => u.Email));
    }

    [Fact]
    public async Task List_TreatsLikeWildcardsAsText()
    {
        await CreateAsync(NewEmail(), Roles.Staff, displayName: "100% 담당");

        Assert.Empty((await RunAsync(a => a.ListAsync(new UserListQuery("_%_", null, false, 0, 10)))).Items);
        Assert.Single((await RunAsync(a => a.ListAsync(new UserListQuery("100%", null, false, 0, 10)))).Items);
    }

    [Fact]
    public async Task SchoolIds_AreThoseOfStudentsAndOfTeachers()
    {
        await using (var db = database.CreateDbContext())
        {
            db.Students.Add(new Student { Name = "학생", SchoolId = "SCH101", Grade = 3 });
            await db.SaveChangesAsync();
        }
        await CreateAsync(NewEmail(), Roles.Teacher, ["SCH102"]);

        var schools = await RunAsync(a => a.SchoolIdsAsync());

        Assert.Contains("SCH101", schools);
        Assert.Contains("SCH102", schools);
        Assert.Equal(schools.Distinct().Order(StringComparer.Ordinal), schools);
    }

    private static string NewEmail() => $"user-{Guid.NewGuid():N}@school.kr";

    private async Task<UserSummary> CreateAsync(string email, string role, string[]? schools = null, string? displayName = null)
    {
        var result = await RunAsync(a => a.CreateAsync(email, displayName ?? email, role, schools ?? [], Password));
        Assert.True(result.Succeeded, Describe(result));
        return (await ListAsync(email)).Single();
    }

    private Task<IReadOnlyList<UserSummary>> ListAsync(string search) =>
        RunAsync(async a => (await a.ListAsync(new UserListQuery(search, null, false, 0, 10))).Items);

    private async Task<T> RunAsync<T>(Func<UserAccounts, Task<T>> operation)
    {
        await using var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(_admin);
        return await operation(scope.ServiceProvider.GetRequiredService<UserAccounts>());
    }

    private async Task<SignInResult> CheckPasswordAsync(string email, string password)
    {
        await using var scope = _services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        return await scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>()
            .CheckPasswordSignInAsync(user!, password, lockoutOnFailure: false);
    }

    private async Task<string?> StampAsync(string userId)
    {
        await using var db = database.CreateDbContext();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync();
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    public async Task DisposeAsync() => await _services.DisposeAsync();
}
