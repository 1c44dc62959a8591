using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Users;

namespace StudentHub.Tests.Users;

/// <summary>The Users page against a real database, clicked as an admin clicks it.</summary>
public class UsersPageTests(DatabaseFixture database) : AdminComponentTest(database), IClassFixture<DatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task List_ShowsTheAccountsOfTheDatabase_WithRoleSchoolsLockAndLastSignIn()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var teacher = await CreateUserAsync($"park-{tag}@school.kr", $"교사 박민준 {tag}", Roles.Teacher, "SCH001", "SCH002");
        var staff = await CreateUserAsync($"lee-{tag}@school.kr", $"교무 이수진 {tag}", Roles.Staff);
        await using (var scope = Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserAccounts>().LockAsync(staff.Id, null)).Succeeded);
        await using (var db = Database.CreateDbContext())
        {
            db.AuditLogs.Add(new AuditLog { OccurredAt = new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.Zero), UserId = teacher.Id, Action = AuditActions.SignIn });
            await db.SaveChangesAsync();
        }

        var page = RenderWithProviders<UsersPage>();

        page.WaitForAssertion(() => Row(page, teacher.Email), Patience);
        var teacherRow = Row(page, teacher.Email);
        Assert.Equal(teacher.DisplayName, Cell(teacherRow, "Name"));
        Assert.Equal("Teacher", Cell(teacherRow, "Role"));
        Assert.Equal(["SCH001", "SCH002"], teacherRow.QuerySelectorAll(".mud-chip").Select(c => c.TextContent.Trim()));
        // 00:30 UTC is 09:30 in Seoul (ICU puts a narrow no-break space before AM).
        Assert.Equal("3/2/2026 9:30 AM", Cell(teacherRow, "Last sign-in").Replace('\u202F', ' '));
        Assert.Equal("", Cell(teacherRow, "Locked"));
        var staffRow = Row(page, staff.Email);
        Assert.Equal("Staff", Cell(staffRow, "Role"));
        Assert.Equal("Locked until unlocked", Cell(staffRow, "Locked"));
        Assert.Equal("Never", Cell(staffRow, "Last sign-in"));
        Assert.NotNull(staffRow.QuerySelector("[data-testid=unlock]"));
    }

    [Fact]
    public async Task Search_NarrowsTheListToNamesOrEmailsWithTheFragment()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var kim = await CreateUserAsync($"kim-{tag}@school.kr", $"김서연 {tag}", Roles.Staff);
        var choi = await CreateUserAsync($"choi-{tag}@school.kr", $"최지우 {tag}", Roles.Staff);
        var page = RenderWithProviders<UsersPage>();
        page.WaitForAssertion(() => Row(page, choi.Email), Patience);

        Interact(page, () => page.Find("input[data-testid=user-search]").Input($"김서연 {tag}"));

        page.WaitForAssertion(() => Assert.Equal([kim.Email], Emails(page)), Patience);
    }

    [Fact]
    public async Task CreateDialog_ShowsEachProblemBesideItsField_ThenCreatesTheUserAuditedAsTheAdmin()
    {
        var taken = await CreateUserAsync($"taken-{Guid.NewGuid():N}@school.kr", "교무 한지민", Roles.Staff);
        await using (var db = Database.CreateDbContext())
        {
            db.Students.Add(new Student { Name = "학생", SchoolId = "SCH001", Grade = 7 });
            await db.SaveChangesAsync();
        }
        var page = RenderWithProviders<UsersPage>();
        page.WaitForAssertion(() => Row(page, taken.Email), Patience);
        Interact(page, () => page.Find("[data-testid=create-user]").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=create-user-dialog]"), Patience);

        Interact(page, () => page.Find("[data-testid=create]").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Enter an email address.", FieldError(page, "email"));
            Assert.Equal("Enter a name.", FieldError(page, "display-name"));
            Assert.Equal("Choose a role.", FieldError(page, "role"));
            Assert.Equal("Enter a password.", FieldError(page, "password"));
        }, Patience);

        Interact(page, () => page.Find("input[data-testid=email]").Change(taken.Email));
        Interact(page, () => page.Find("input[data-testid=display-name]").Change("교사 정하늘"));
        Choose(page, "role", "Teacher");
        Interact(page, () => page.Find("input[data-testid=password]").Change("short"));
        Interact(page, () => page.Find("[data-testid=create]").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Equal($"{taken.Email} already belongs to another account.", FieldError(page, "email"));
            Assert.StartsWith("The password needs at least 10 characters.", FieldError(page, "password"));
            Assert.Equal("A teacher needs at least one school: teachers see only the students of their schools.",
                page.Find("[data-testid=schools-error]").TextContent.Trim());
            Assert.Null(FieldError(page, "display-name"));
        }, Patience);

        var email = $"jung-{Guid.NewGuid():N}@school.kr";
        Interact(page, () => page.Find("input[data-testid=email]").Change(email));
        Choose(page, "schools", "SCH001");
        Interact(page, () => page.Find("input[data-testid=password]").Change("a-strong-password-7"));
        Interact(page, () => page.Find("[data-testid=create]").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-testid=create-user-dialog]"));
            Assert.Equal("교사 정하늘", Cell(Row(page, email), "Name"));
        }, Patience);
        await using var check = Database.CreateDbContext();
        var created = await check.Users.SingleAsync(u => u.Email == email);
        var audit = await check.AuditLogs.SingleAsync(a => a.EntityType == nameof(ApplicationUser) && a.EntityKey == created.Id && a.Action == AuditActions.Create);
        Assert.Equal(Admin.Email, audit.UserName);
        Assert.Equal(Admin.Id, audit.UserId);
    }

    [Fact]
    public async Task Delete_AfterConfirming_RemovesTheUser()
    {
        var staff = await CreateUserAsync($"leaving-{Guid.NewGuid():N}@school.kr", "교무 퇴직자", Roles.Staff);
        var page = RenderWithProviders<UsersPage>();
        page.WaitForAssertion(() => Row(page, staff.Email), Patience);

        ClickInRow(page, staff.Email, "delete");
        page.WaitForAssertion(() => Assert.Contains($"Delete the account of 교무 퇴직자 ({staff.Email})?", page.Markup), Patience);
        Interact(page, () => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete").Click());

        page.WaitForAssertion(() => Assert.DoesNotContain(staff.Email, Emails(page)), Patience);
        await using var db = Database.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Id == staff.Id));
    }

    [Fact]
    public async Task EditDialog_MakingATeacherStaff_DropsTheSchools()
    {
        var teacher = await CreateUserAsync($"moving-{Guid.NewGuid():N}@school.kr", "교사 전근자", Roles.Teacher, "SCH001");
        var page = RenderWithProviders<UsersPage>();
        page.WaitForAssertion(() => Row(page, teacher.Email), Patience);

        ClickInRow(page, teacher.Email, "edit");
        page.WaitForAssertion(() => page.Find("[data-testid=edit-user-dialog]"), Patience);
        Choose(page, "role", "Staff");
        Interact(page, () => page.Find("[data-testid=save]").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Staff", Cell(Row(page, teacher.Email), "Role"));
            Assert.Empty(Row(page, teacher.Email).QuerySelectorAll(".mud-chip"));
        }, Patience);
    }

    [Fact]
    public async Task ResetDialog_ShowsTheGeneratedPasswordOnce_AndItSignsIn()
    {
        var teacher = await CreateUserAsync($"forgetful-{Guid.NewGuid():N}@school.kr", "교사 건망증", Roles.Teacher, "SCH001");
        var page = RenderWithProviders<UsersPage>();
        page.WaitForAssertion(() => Row(page, teacher.Email), Patience);

        ClickInRow(page, teacher.Email, "reset-password");
        page.WaitForAssertion(() => page.Find("[data-testid=reset-password-dialog]"), Patience);
        Interact(page, () => page.Find("[data-testid=reset]").Click());

        var password = "";
        page.WaitForAssertion(() => password = page.Find("input[data-testid=generated-password]").GetAttribute("value") ?? "", Patience);
        Assert.True(password.Length >= 16, password);
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
            var user = await users.FindByIdAsync(teacher.Id);
            Assert.True((await signIn.CheckPasswordSignInAsync(user!, password, lockoutOnFailure: false)).Succeeded);
        }

        Interact(page, () => page.Find("[data-testid=close]").Click());
        page.WaitForAssertion(() => Assert.DoesNotContain(password, page.Markup), Patience);
    }

    [Fact]
    public async Task LockDialog_UntilTomorrow_LocksUntilThen_AndUnlockEndsIt()
    {
        var teacher = await CreateUserAsync($"resting-{Guid.NewGuid():N}@school.kr", "교사 휴직자", Roles.Teacher, "SCH001");
        var page = RenderWithProviders<UsersPage>();
        page.WaitForAssertion(() => Row(page, teacher.Email), Patience);

        ClickInRow(page, teacher.Email, "lock");
        page.WaitForAssertion(() => page.Find("[data-testid=lock-user-dialog]"), Patience);
        Interact(page, () => page.Find("[data-testid=lock-until]").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=lock-date]"), Patience);
        Interact(page, () => page.Find("[data-testid=confirm-lock]").Click());

        page.WaitForAssertion(() => Assert.StartsWith("Locked until ", Cell(Row(page, teacher.Email), "Locked")), Patience);
        await using (var db = Database.CreateDbContext())
        {
            var lockoutEnd = await db.Users.Where(u => u.Id == teacher.Id).Select(u => u.LockoutEnd).SingleAsync();
            Assert.InRange(lockoutEnd!.Value, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
        }

        ClickInRow(page, teacher.Email, "unlock");

        page.WaitForAssertion(() => Assert.Equal("", Cell(Row(page, teacher.Email), "Locked")), Patience);
    }

    [Fact]
    public async Task LockingTheOnlyAdmin_IsRefusedInTheDialog_WithTheReason()
    {
        // This class's database has other admins from other tests: lock them out of the picture first.
        await using (var scope = Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            foreach (var other in (await accounts.ListAsync(new UserListQuery(null, null, false, 0, 1000))).Items)
                if (other.Role == Roles.Admin && other.Id != Admin.Id)
                    Assert.True((await accounts.ChangeAsync(other, other.DisplayName, Roles.Staff, [])).Succeeded);
        }
        var page = RenderWithProviders<UsersPage>();
        page.WaitForAssertion(() => Row(page, Admin.Email), Patience);

        ClickInRow(page, Admin.Email, "lock");
        page.WaitForAssertion(() => page.Find("[data-testid=lock-user-dialog]"), Patience);
        Interact(page, () => page.Find("[data-testid=confirm-lock]").Click());

        page.WaitForAssertion(() => Assert.Contains(
            "관리자 김하늘 is the last admin who can sign in: locking this account would leave nobody to unlock it.",
            page.Find("[data-testid=dialog-error]").TextContent), Patience);
    }

    private static IElement Row(IRenderedComponent<ContainerFragment> page, string email) =>
        page.FindAll("tr.mud-table-row").Single(r => r.QuerySelector("td[data-label=Email]")?.TextContent.Trim() == email);

    private static string Cell(IElement row, string column) =>
        row.QuerySelector($"td[data-label='{column}']")?.TextContent.Trim() ?? throw new InvalidOperationException($"No {column} cell.");

    private static void ClickInRow(IRenderedComponent<ContainerFragment> page, string email, string testId) =>
        Interact(page, () => Row(page, email).QuerySelector($"[data-testid={testId}]")!.Click());

    private static List<string> Emails(IRenderedComponent<ContainerFragment> page) =>
        page.FindAll("td[data-label=Email]").Select(c => c.TextContent.Trim()).ToList();

    /// <summary>The error MudBlazor shows under the input, if any.</summary>
    private static string? FieldError(IRenderedComponent<ContainerFragment> page, string testId) =>
        page.Find($"[data-testid={testId}]").Closest(".mud-input-control")!
            .QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim();
}

/// <summary>The same page for a Korean reader: headings, roles and dialogs from the .ko resources.</summary>
public class UsersPageInKoreanTests(DatabaseFixture database) : AdminComponentTest(database, "ko-KR"), IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task SpeaksKorean()
    {
        var teacher = await CreateUserAsync($"kr-{Guid.NewGuid():N}@school.kr", "교사 한국어", Roles.Teacher, "SCH001");
        var page = RenderWithProviders<UsersPage>();
        page.WaitForAssertion(() => Assert.Contains(teacher.Email, page.Markup), TimeSpan.FromSeconds(10));

        Assert.Contains("사용자", page.Find("h4").TextContent);
        Assert.Contains(page.FindAll("td[data-label=역할]"), td => td.TextContent.Trim() == "교사");

        Interact(page, () => page.Find("[data-testid=create-user]").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=create-user-dialog]"), TimeSpan.FromSeconds(10));
        Interact(page, () => page.Find("[data-testid=create]").Click());

        page.WaitForAssertion(() => Assert.Contains("이메일 주소를 입력하세요.", page.Markup), TimeSpan.FromSeconds(10));
    }
}
