using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Users;

namespace StudentHub.Tests.Users;

/// <summary><c>create-user</c> run as an operator runs it: a separate process on a migrated database, configured by environment.</summary>
public class CreateUserCommandTests : IAsyncLifetime
{
    private const string StrongPassword = "first-admin-2026";
    private readonly string _name = "studenthub_users_cmd_" + Guid.NewGuid().ToString("N")[..12];
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestPostgresServer.CreateDatabaseAsync(_name);

    public Task DisposeAsync() => TestPostgresServer.DropDatabaseAsync(_name);

    [Fact]
    public async Task CreateUser_WithThePasswordInTheEnvironment_CreatesTheAdminAndExitsZero()
    {
        var (exitCode, output) = await RunAsync(StrongPassword, "create-user", "--email", "root@school.kr", "--role", "admin", "--name", "최고 관리자");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Created Admin root@school.kr (최고 관리자)", output);
        Assert.Equal("Admin", await ScalarAsync<string>("""
            SELECT r.name FROM identity.users u
            JOIN identity.user_roles ur ON ur.user_id = u.id JOIN identity.roles r ON r.id = ur.role_id
            WHERE u.email = 'root@school.kr'
            """));
        Assert.Equal("create-user (" + Environment.UserName + ")", await ScalarAsync<string>(
            "SELECT user_name FROM audit.audit_logs WHERE entity_type = 'ApplicationUser' AND action = 'create'"));
    }

    [Fact]
    public async Task CreateUser_AsATeacherWithRepeatedSchools_AssignsEachSchool()
    {
        var (exitCode, output) = await RunAsync(StrongPassword,
            "create-user", "--email", "teacher@school.kr", "--role", "Teacher", "--school", "SCH001", "--school", "SCH002");

        Assert.True(exitCode == 0, output);
        Assert.Contains("for SCH001, SCH002", output);
        Assert.Equal("SCH001,SCH002", await ScalarAsync<string>(
            "SELECT string_agg(school_id, ',' ORDER BY school_id) FROM identity.user_schools"));
    }

    [Fact]
    public async Task CreateUser_WithAnUnknownRole_NamesTheRolesAndCreatesNothing()
    {
        var (exitCode, output) = await RunAsync(StrongPassword, "create-user", "--email", "someone@school.kr", "--role", "Principal");

        Assert.Equal(1, exitCode);
        Assert.Contains("Unknown role 'Principal'", output);
        Assert.Contains("Admin, Staff, Teacher", output);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM identity.users"));
    }

    [Fact]
    public async Task CreateUser_AsATeacherWithoutASchool_SaysATeacherNeedsOne()
    {
        var (exitCode, output) = await RunAsync(StrongPassword, "create-user", "--email", "teacher@school.kr", "--role", "Teacher");

        Assert.Equal(1, exitCode);
        Assert.Contains("A teacher needs at least one school", output);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM identity.users"));
    }

    [Fact]
    public async Task CreateUser_WithATakenEmail_SaysSoOnceAndKeepsTheFirstAccount()
    {
        Assert.Equal(0, (await RunAsync(StrongPassword, "create-user", "--email", "root@school.kr", "--role", "Admin")).ExitCode);

        var (exitCode, output) = await RunAsync("another-password-9", "create-user", "--email", "root@school.kr", "--role", "Staff");

        Assert.Equal(1, exitCode);
        Assert.Single(output.Split('\n'), line => line.Contains("root@school.kr already belongs to another account."));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM identity.users"));
    }

    [Fact]
    public async Task CreateUser_WithAWeakPassword_SaysWhichRulesItBreaksAndCreatesNothing()
    {
        var (exitCode, output) = await RunAsync("short", "create-user", "--email", "root@school.kr", "--role", "Admin");

        Assert.Equal(1, exitCode);
        Assert.Contains("at least 10 characters", output);
        Assert.Contains("digit", output);
        Assert.Contains("Nothing was created.", output);
        Assert.DoesNotContain("   at ", output);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM identity.users"));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM identity.roles"));
    }

    [Fact]
    public async Task CreateUser_WithoutAPasswordAndNoTerminal_RefusesWithAMessage()
    {
        var (exitCode, output) = await RunAsync(password: null, "create-user", "--email", "root@school.kr", "--role", "Admin");

        Assert.Equal(1, exitCode);
        Assert.Contains(UserCommands.PasswordVariable, output);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM identity.users"));
    }

    [Fact]
    public async Task CreateUser_OnAnUnmigratedDatabase_AsksForMigrateFirst()
    {
        var empty = "studenthub_users_empty_" + Guid.NewGuid().ToString("N")[..12];
        _connectionString = await TestPostgresServer.CreateEmptyDatabaseAsync(empty);
        try
        {
            var (exitCode, output) = await RunAsync(StrongPassword, "create-user", "--email", "root@school.kr", "--role", "Admin");

            Assert.Equal(1, exitCode);
            Assert.Contains("run the migrate command first", output);
            Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'users'"));
        }
        finally
        {
            await TestPostgresServer.DropDatabaseAsync(empty);
        }
    }

    // Standard input is closed, as in a script: only the environment gives a password.
    private Task<(int ExitCode, string Output)> RunAsync(string? password, params string[] arguments) =>
        WebAppProcess.RunAsync(_connectionString, new Dictionary<string, string?> { [UserCommands.PasswordVariable] = password }, arguments);

    private Task<T> ScalarAsync<T>(string sql) => Sql.ScalarAsync<T>(_connectionString, sql);
}
