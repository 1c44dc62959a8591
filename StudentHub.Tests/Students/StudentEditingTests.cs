using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using StudentHub.Data;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Localization;
using StudentHub.Web.Security;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Students;

/// <summary>
/// Creating, editing, deleting and graduating students against a real database, as an admin whose changes the audit
/// trail records. Each test uses a school of its own, so they share the class's database without meeting.
/// </summary>
public class StudentEditingTests : IClassFixture<DatabaseFixture>
{
    private static readonly ClaimsPrincipal Admin = Principal("admin-editing", "관리자 편집", Roles.Admin);
    private readonly DatabaseFixture _database;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.Zero));
    private readonly Meanwhile _meanwhile = new();

    public StudentEditingTests(DatabaseFixture database)
    {
        _database = database;
        // The messages asserted are the English ones; the culture flows with the test's execution context.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
    }

    [Fact]
    public async Task Create_SavesTheStudentNormalised_AndTheAuditNamesTheAdmin()
    {
        var school = School();
        var input = Input(school, name: "  김철수 ", className: "3반", number: "12");
        input.Email = " kim@school.kr ";
        input.ParentContact = "+82 10 1234 5678";
        input.LearningStyle = "visual";
        input.Interests = ["수학", " 과학 ", "수학", ""];
        input.SpecialNeeds = true;
        input.NotificationMethod = "kakao";
        input.ReportFrequency = "weekly";
        input.OtherMetadata = """{ "node4_level": 3, "tags": ["a", "b"] }""";

        var saved = Assert.IsType<StudentSaveResult.Saved>(await RunAsync(e => e.CreateAsync(input)));

        await using var db = _database.CreateDbContext();
        var student = await db.Students.SingleAsync(s => s.Id == saved.Id);
        Assert.Equal(("김철수", school, 7, "3반", "12"), (student.Name, student.SchoolId, student.Grade, student.ClassName, student.StudentNumber));
        Assert.Equal("kim@school.kr", student.Email);
        Assert.Equal("010-1234-5678", student.ParentContact);
        Assert.Equal(_clock.Now, student.CreatedAt);
        Assert.Equal(_clock.Now, student.UpdatedAt);
        Assert.Equal(saved.Version, student.Version);
        var metadata = JsonDocument.Parse(await MetadataJsonAsync(saved.Id)).RootElement;
        Assert.Equal("visual", metadata.GetProperty("learning_style").GetString());
        Assert.Equal(["수학", "과학"], metadata.GetProperty("interests").EnumerateArray().Select(i => i.GetString()));
        Assert.True(metadata.GetProperty("special_needs").GetBoolean());
        Assert.Equal("kakao", metadata.GetProperty("parent_preferences").GetProperty("notification_method").GetString());
        Assert.Equal("weekly", metadata.GetProperty("parent_preferences").GetProperty("report_frequency").GetString());
        Assert.Equal(3, metadata.GetProperty("node4_level").GetInt32());
        Assert.Equal(["a", "b"], metadata.GetProperty("tags").EnumerateArray().Select(i => i.GetString()));

        var audit = await db.AuditLogs.SingleAsync(a => a.EntityType == nameof(Student) && a.EntityKey == saved.Id.ToString());
        Assert.Equal((AuditActions.Create, "admin-editing", "관리자 편집"), (audit.Action, audit.UserId, audit.UserName));
    }

    [Fact]
    public async Task Create_WithInputTheDatabaseWouldRefuse_WritesNothing_AndSaysWhatIsWrongWithEachField()
    {
        var school = School();
        var input = Input(school, name: new string('가', 101));
        input.Grade = "abc";
        input.Email = "kim@school";
        input.ParentContact = "010-12-345";
        input.StudentNumber = new string('1', 21);
        input.OtherMetadata = """{ "node4_level": 3, """;

        var invalid = Assert.IsType<StudentSaveResult.Invalid>(await RunAsync(e => e.CreateAsync(input)));

        Assert.Equal(new Dictionary<StudentField, string>
        {
            [StudentField.Name] = "At most 100 characters; this has 101.",
            [StudentField.Grade] = "“abc” is not a grade: enter a whole number from 1 to 12.",
            [StudentField.StudentNumber] = "At most 20 characters; this has 21.",
            [StudentField.Email] = "This is not an email address (name@example.com).",
            [StudentField.ParentContact] = "Enter a Korean phone number, such as 010-1234-5678, 02-123-4567 or 031-123-4567.",
            [StudentField.OtherMetadata] = "This is not valid JSON: look at line 1, column 21.",
        }, invalid.Errors);
        Assert.Equal(0, await CountAsync(school));
    }

    [Theory]
    [InlineData("0", "There is no grade 0: grades run from 1 to 12.")]
    [InlineData("13", "There is no grade 13: grades run from 1 to 12.")]
    [InlineData("1.5", "“1.5” is not a grade: enter a whole number from 1 to 12.")]
    [InlineData("", "Enter the grade.")]
    public async Task Grade_OutsideOneToTwelve_IsRefused(string grade, string message)
    {
        var input = Input(School());
        input.Grade = grade;

        var invalid = Assert.IsType<StudentSaveResult.Invalid>(await RunAsync(e => e.CreateAsync(input)));

        Assert.Equal(message, invalid.Errors[StudentField.Grade]);
    }

    [Theory]
    [InlineData("01012345678", "010-1234-5678")]
    [InlineData("010 1234 5678", "010-1234-5678")]
    [InlineData("021234567", "02-123-4567")]
    [InlineData("02-1234-5678", "02-1234-5678")]
    [InlineData("(031) 123-4567", "031-123-4567")]
    [InlineData("+82 2 123 4567", "02-123-4567")]
    [InlineData("070.1234.5678", "070-1234-5678")]
    [InlineData("0101234567", null)]
    [InlineData("010-1234-56789", null)]
    [InlineData("099-123-4567", null)]
    [InlineData("+1 212 555 0100", null)]
    [InlineData("010-1234-567a", null)]
    public void KoreanPhoneNumbers_ReadInAnyUsualForm_AreStoredDashed(string typed, string? stored) =>
        Assert.Equal(stored, KoreanPhoneNumber.Normalize(typed));

    [Fact]
    public async Task Edit_KeepsTheMetadataKeysTheFormDoesNotKnow()
    {
        var school = School();
        var id = await InsertAsync(school, "이영희", """
            {"learning_style": "visual", "node4_profile": {"level": 3, "streak": [1, 2]},
             "parent_preferences": {"notification_method": "sms", "quiet_hours": "22-07"}}
            """);

        var input = (await RunAsync(e => e.LoadAsync(id)))!;
        Assert.Equal("visual", input.LearningStyle);
        Assert.Equal("sms", input.NotificationMethod);
        Assert.Contains("\"node4_profile\"", input.OtherMetadata);
        input.Name = "이영희2";
        input.LearningStyle = "auditory";
        input.NotificationMethod = "email";
        Assert.IsType<StudentSaveResult.Saved>(await RunAsync(e => e.UpdateAsync(id, input)));

        var metadata = JsonDocument.Parse(await MetadataJsonAsync(id)).RootElement;
        Assert.Equal("auditory", metadata.GetProperty("learning_style").GetString());
        Assert.Equal("""{"level": 3, "streak": [1, 2]}""", metadata.GetProperty("node4_profile").GetRawText());
        Assert.Equal("email", metadata.GetProperty("parent_preferences").GetProperty("notification_method").GetString());
        Assert.Equal("22-07", metadata.GetProperty("parent_preferences").GetProperty("quiet_hours").GetString());
        // Keys the form never had are not written as nulls or empty lists.
        Assert.False(metadata.TryGetProperty("interests", out _));
        Assert.False(metadata.TryGetProperty("special_needs", out _));
    }

    [Fact]
    public async Task Edit_ChangingTheOtherKeysInTheJsonEditor_SavesThem()
    {
        var id = await InsertAsync(School(), "정하늘", """{"node4_profile": {"level": 3}, "legacy": true}""");
        var input = (await RunAsync(e => e.LoadAsync(id)))!;

        input.OtherMetadata = """{"node4_profile": {"level": 4}, "node6_flag": "x"}""";
        Assert.IsType<StudentSaveResult.Saved>(await RunAsync(e => e.UpdateAsync(id, input)));

        var metadata = JsonDocument.Parse(await MetadataJsonAsync(id)).RootElement;
        Assert.Equal(4, metadata.GetProperty("node4_profile").GetProperty("level").GetInt32());
        Assert.Equal("x", metadata.GetProperty("node6_flag").GetString());
        Assert.False(metadata.TryGetProperty("legacy", out _));
    }

    [Theory]
    [InlineData("""{"interests": ["수학"]}""", "“interests” has its own field above: remove it here.")]
    [InlineData("""{"Learning_Style": "visual"}""", "“Learning_Style” has its own field above: remove it here.")]
    [InlineData("""["a", "b"]""", "Enter a JSON object: { \"key\": value, … }.")]
    [InlineData("""{"a": 1, "a": 2}""", "The key “a” appears twice.")]
    [InlineData("{\n  \"메모\": 잘못\n}", "This is not valid JSON: look at line 2, column 9.")]
    public async Task Edit_WithOtherMetadataThatIsNotAnObjectOfUnknownKeys_ChangesNothing(string json, string message)
    {
        var id = await InsertAsync(School(), "한지민", """{"legacy": true}""");
        var before = await MetadataJsonAsync(id);
        var input = (await RunAsync(e => e.LoadAsync(id)))!;
        input.Name = "바뀐 이름";
        input.OtherMetadata = json;

        var invalid = Assert.IsType<StudentSaveResult.Invalid>(await RunAsync(e => e.UpdateAsync(id, input)));

        Assert.Equal(message, Assert.Single(invalid.Errors).Value);
        await using var db = _database.CreateDbContext();
        Assert.Equal("한지민", (await db.Students.SingleAsync(s => s.Id == id)).Name);
        Assert.Equal(before, await MetadataJsonAsync(id));
    }

    [Fact]
    public async Task UpdatedAt_MovesOnEverySave_CreatedAtStays()
    {
        var created = Assert.IsType<StudentSaveResult.Saved>(await RunAsync(e => e.CreateAsync(Input(School()))));
        var createdAt = _clock.Now;

        _clock.Now = createdAt.AddHours(3);
        var input = (await RunAsync(e => e.LoadAsync(created.Id)))!;
        Assert.IsType<StudentSaveResult.Saved>(await RunAsync(e => e.UpdateAsync(created.Id, input)));

        await using var db = _database.CreateDbContext();
        var student = await db.Students.SingleAsync(s => s.Id == created.Id);
        Assert.Equal(createdAt, student.CreatedAt);
        Assert.Equal(createdAt.AddHours(3), student.UpdatedAt);

        _clock.Now = createdAt.AddDays(1);
        Assert.Equal(StudentChangeOutcome.Done, await RunAsync(e => e.SetGraduatedAsync(created.Id, new DateOnly(2026, 2, 14))));
        await using var again = _database.CreateDbContext();
        Assert.Equal(createdAt.AddDays(1), (await again.Students.SingleAsync(s => s.Id == created.Id)).UpdatedAt);
    }

    [Fact]
    public async Task DuplicateIdentifier_IsRefused_NamingTheStudentWhoHasIt()
    {
        var school = School();
        var holder = Assert.IsType<StudentSaveResult.Saved>(await RunAsync(e => e.CreateAsync(Input(school, "김민준", "1반", "05"))));
        var other = Assert.IsType<StudentSaveResult.Saved>(await RunAsync(e => e.CreateAsync(Input(school, "박서준", "1반", "06"))));

        var onCreate = Assert.IsType<StudentSaveResult.IdentifierTaken>(await RunAsync(e => e.CreateAsync(Input(school, "최지우", " 1반 ", "05"))));
        var otherInput = (await RunAsync(e => e.LoadAsync(other.Id)))!;
        otherInput.StudentNumber = "05";
        var onEdit = Assert.IsType<StudentSaveResult.IdentifierTaken>(await RunAsync(e => e.UpdateAsync(other.Id, otherInput)));

        foreach (var taken in new[] { onCreate, onEdit })
        {
            Assert.Equal((holder.Id, "김민준"), (taken.HolderId, taken.HolderName));
            Assert.Equal("This school, grade, class and number already belong to 김민준.", taken.Message);
        }
        Assert.Equal(2, await CountAsync(school));
        await using var db = _database.CreateDbContext();
        Assert.Equal("06", (await db.Students.SingleAsync(s => s.Id == other.Id)).StudentNumber);
    }

    [Fact]
    public async Task IdentifiersWithoutAClassOrNumber_NeverClash_AsInTheDatabase()
    {
        var school = School();

        Assert.IsType<StudentSaveResult.Saved>(await RunAsync(e => e.CreateAsync(Input(school, "가", "1반", null))));
        Assert.IsType<StudentSaveResult.Saved>(await RunAsync(e => e.CreateAsync(Input(school, "나", "1반", " "))));
        Assert.IsType<StudentSaveResult.Saved>(await RunAsync(e => e.CreateAsync(Input(school, "다", null, "01"))));
        Assert.IsType<StudentSaveResult.Saved>(await RunAsync(e => e.CreateAsync(Input(school, "라", "", "01"))));

        Assert.Equal(4, await CountAsync(school));
    }

    [Fact]
    public async Task DuplicateIdentifier_TakenBetweenTheCheckAndTheWrite_IsCaughtFromTheConstraint_NamingTheStudent()
    {
        var school = School();
        Guid racer = default;
        _meanwhile.Once = async () =>
        {
            await using var other = _database.CreateDbContext();
            var student = new Student { Name = "빠른학생", SchoolId = school, Grade = 7, ClassName = "2반", StudentNumber = "09" };
            other.Students.Add(student);
            await other.SaveChangesAsync();
            racer = student.Id;
        };

        var taken = Assert.IsType<StudentSaveResult.IdentifierTaken>(await RunAsync(e => e.CreateAsync(Input(school, "느린학생", "2반", "09"))));

        Assert.Null(_meanwhile.Once);
        Assert.Equal((racer, "빠른학생"), (taken.HolderId, taken.HolderName));
        await using var db = _database.CreateDbContext();
        Assert.Equal(["빠른학생"], await db.Students.Where(s => s.SchoolId == school).Select(s => s.Name).ToListAsync());
    }

    [Fact]
    public async Task SavingOverANewerSave_ComesBackAsAConflictWithTheirVersion_AndOverwritingNeedsTheirVersion()
    {
        var id = await InsertAsync(School(), "원래이름", """{"learning_style": "visual"}""");
        var mine = (await RunAsync(e => e.LoadAsync(id)))!;
        await SomeoneElseSavesAsync(id, s =>
        {
            s.Name = "그들의이름";
            s.Email = "theirs@school.kr";
        });

        mine.Name = "나의이름";
        mine.ClassName = "5반";
        var conflict = Assert.IsType<StudentSaveResult.Conflict>(await RunAsync(e => e.UpdateAsync(id, mine)));

        Assert.Equal(("그들의이름", "theirs@school.kr"), (conflict.Theirs.Name, conflict.Theirs.Email));
        Assert.NotEqual(mine.Version, conflict.Theirs.Version);
        Assert.Equal("그들의이름", await NameAsync(id));
        var differing = StudentComparison.Compare(conflict.Theirs, mine).Where(c => c.Differs).Select(c => c.Field);
        Assert.Equal([StudentField.Name, StudentField.ClassName, StudentField.Email], differing);

        // Keeping theirs changes nothing; overwriting is a save against the version just seen.
        mine.Version = conflict.Theirs.Version;
        var saved = Assert.IsType<StudentSaveResult.Saved>(await RunAsync(e => e.UpdateAsync(id, mine)));

        await using var db = _database.CreateDbContext();
        var student = await db.Students.SingleAsync(s => s.Id == id);
        Assert.Equal(("나의이름", "5반", null), (student.Name, student.ClassName, student.Email));
        Assert.Equal(saved.Version, student.Version);
    }

    [Fact]
    public async Task ASaveLandingBetweenTheReadAndTheWrite_IsCaughtByTheVersionInTheUpdate()
    {
        var id = await InsertAsync(School(), "원래이름", "{}");
        var mine = (await RunAsync(e => e.LoadAsync(id)))!;
        _meanwhile.Once = () => SomeoneElseSavesAsync(id, s => s.Name = "끼어든이름");

        mine.Name = "나의이름";
        var conflict = Assert.IsType<StudentSaveResult.Conflict>(await RunAsync(e => e.UpdateAsync(id, mine)));

        Assert.Null(_meanwhile.Once);
        Assert.Equal("끼어든이름", conflict.Theirs.Name);
        Assert.Equal("끼어든이름", await NameAsync(id));
    }

    [Fact]
    public async Task SavingAStudentDeletedMeanwhile_SaysItIsGone()
    {
        var id = await InsertAsync(School(), "사라질학생", "{}");
        var mine = (await RunAsync(e => e.LoadAsync(id)))!;
        await using (var db = _database.CreateDbContext())
            await db.Students.Where(s => s.Id == id).ExecuteDeleteAsync();

        Assert.IsType<StudentSaveResult.Gone>(await RunAsync(e => e.UpdateAsync(id, mine)));
        Assert.Null(await RunAsync(e => e.LoadAsync(id)));
    }

    [Fact]
    public async Task Delete_CountsWhatGoesWithTheStudent_ThenTheCascadeTakesIt_AndTheAuditRecordsIt()
    {
        var school = School();
        var id = await InsertAsync(school, "떠나는학생", "{}");
        var stays = await InsertAsync(school, "남는학생", "{}");
        await using (var db = _database.CreateDbContext())
        {
            foreach (var (student, events) in new[] { (id, 3), (stays, 2) })
            {
                for (var i = 0; i < events; i++)
                    db.LearningHistory.Add(new LearningEvent
                    {
                        StudentId = student, EventType = EventType.Study, SourceNode = 1, OccurredAt = DateTimeOffset.UtcNow.AddMonths(-i),
                        Content = new EventContent { Action = "solved_problem" },
                    });
            }
            db.Interventions.AddRange(NewIntervention(id), NewIntervention(id), NewIntervention(stays));
            db.ScheduledTasks.AddRange(NewTask(id), NewTask(stays), NewTask(null));
            await db.SaveChangesAsync();
        }

        var impact = await RunAsync(e => e.DeletionImpactAsync(id));
        Assert.Equal(new StudentDeletionImpact(id, "떠나는학생", 3, 2, 1), impact);

        Assert.Equal(StudentChangeOutcome.Done, await RunAsync(e => e.DeleteAsync(id)));

        await using var check = _database.CreateDbContext();
        Assert.False(await check.Students.AnyAsync(s => s.Id == id));
        Assert.Equal(0, await check.LearningHistory.CountAsync(e => e.StudentId == id));
        Assert.Equal(0, await check.Interventions.CountAsync(i => i.StudentId == id));
        Assert.Equal(0, await check.ScheduledTasks.CountAsync(t => t.StudentId == id));
        Assert.Equal(new StudentDeletionImpact(stays, "남는학생", 2, 1, 1), await RunAsync(e => e.DeletionImpactAsync(stays)));
        var audit = await check.AuditLogs.SingleAsync(a => a.EntityType == nameof(Student) && a.EntityKey == id.ToString());
        Assert.Equal((AuditActions.Delete, "관리자 편집"), (audit.Action, audit.UserName));
        Assert.Equal("떠나는학생", audit.Changes!["name"].Old!.Value.GetString());

        Assert.Equal(StudentChangeOutcome.Gone, await RunAsync(e => e.DeleteAsync(id)));
        Assert.Null(await RunAsync(e => e.DeletionImpactAsync(id)));
    }

    [Fact]
    public async Task Graduate_SetsTheDate_AndUndoingClearsIt_BothAudited()
    {
        var id = await InsertAsync(School(), "졸업생", "{}");

        Assert.Equal(StudentChangeOutcome.Done, await RunAsync(e => e.SetGraduatedAsync(id, new DateOnly(2026, 2, 14))));
        await using (var db = _database.CreateDbContext())
            Assert.Equal(new DateOnly(2026, 2, 14), (await db.Students.SingleAsync(s => s.Id == id)).GraduatedAt);

        Assert.Equal(StudentChangeOutcome.Done, await RunAsync(e => e.SetGraduatedAsync(id, null)));

        await using var check = _database.CreateDbContext();
        Assert.Null((await check.Students.SingleAsync(s => s.Id == id)).GraduatedAt);
        var changes = await check.AuditLogs
            .Where(a => a.EntityType == nameof(Student) && a.EntityKey == id.ToString() && a.Action == AuditActions.Update)
            .OrderBy(a => a.Id)
            .Select(a => a.Changes!)
            .ToListAsync();
        Assert.Equal(["2026-02-14", null], changes.Select(c => c["graduated_at"].New?.GetString()));
        Assert.Equal(StudentChangeOutcome.Gone, await RunAsync(e => e.SetGraduatedAsync(Guid.NewGuid(), null)));
    }

    [Fact]
    public async Task AStudentOutsideTheReadersSchools_IsNotFound()
    {
        var id = await InsertAsync(School(), "다른학교", "{}");
        var teacher = Principal("teacher-without-schools", "교사", Roles.Teacher);

        Assert.Null(await RunAsync(e => e.LoadAsync(id), teacher));
        Assert.IsType<StudentSaveResult.Gone>(await RunAsync(e => e.UpdateAsync(id, new StudentInput()), teacher));
        Assert.Equal(StudentChangeOutcome.Gone, await RunAsync(e => e.DeleteAsync(id), teacher));
        Assert.Equal("다른학교", await NameAsync(id));
    }

    private async Task<T> RunAsync<T>(Func<StudentEditing, Task<T>> operation, ClaimsPrincipal? user = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddHttpContextAccessor()
            .AddScoped<CurrentUser>()
            .AddScoped<SchoolScope>()
            .AddScoped<IDbContextFactory<StudentHubDbContext>>(sp => new AuditedContextFactory(_database, sp.GetRequiredService<CurrentUser>(), _meanwhile))
            .AddSingleton<TimeProvider>(_clock)
            .AddStudentHubLocalization()
            .AddStudentEditing()
            .BuildServiceProvider(validateScopes: true);
        await using var _ = services;
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(user ?? Admin);
        return await operation(scope.ServiceProvider.GetRequiredService<StudentEditing>());
    }

    private static string School() => "ED_" + Guid.NewGuid().ToString("N")[..8];

    private static StudentInput Input(string school, string name = "학생", string? className = null, string? number = null) => new()
    {
        Name = name,
        SchoolId = school,
        Grade = "7",
        ClassName = className,
        StudentNumber = number,
    };

    private async Task<Guid> InsertAsync(string school, string name, string metadata) =>
        await Sql.ScalarAsync<Guid>(_database.ConnectionString,
            "INSERT INTO students (name, school_id, grade, metadata) VALUES ($1, $2, 7, $3::jsonb) RETURNING id", name, school, metadata);

    private Task<string> MetadataJsonAsync(Guid id) =>
        Sql.ScalarAsync<string>(_database.ConnectionString, "SELECT metadata::text FROM students WHERE id = $1", id);

    private async Task<string> NameAsync(Guid id)
    {
        await using var db = _database.CreateDbContext();
        return await db.Students.Where(s => s.Id == id).Select(s => s.Name).SingleAsync();
    }

    private Task<int> CountAsync(string school) =>
        Sql.ScalarAsync<long>(_database.ConnectionString, "SELECT count(*) FROM students WHERE school_id = $1", school)
            .ContinueWith(t => (int)t.Result, TaskScheduler.Default);

    private async Task SomeoneElseSavesAsync(Guid id, Action<Student> change)
    {
        await using var db = _database.CreateDbContext();
        var student = await db.Students.SingleAsync(s => s.Id == id);
        change(student);
        await db.SaveChangesAsync();
    }

    private static Intervention NewIntervention(Guid studentId) => new()
    {
        StudentId = studentId,
        Type = InterventionType.Auto,
        WeakAreas = [new WeakArea { Concept = "분수", CurrentMastery = 0.4, Priority = 1 }],
        LearningPath = [new LearningPathStep { Step = 1, Activity = "review", Concept = "분수", EstimatedDuration = 600 }],
    };

    private static ScheduledTask NewTask(Guid? studentId) => new()
    {
        StudentId = studentId,
        TaskType = "daily_report",
        ScheduleType = ScheduleType.Cron,
        CronExpression = "0 18 * * *",
    };

    private static ClaimsPrincipal Principal(string id, string name, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "test"));

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Someone else's write, made once, just before the service's own reaches the database: the race a check alone cannot close.</summary>
    private sealed class Meanwhile : SaveChangesInterceptor
    {
        public Func<Task>? Once { get; set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Once is { } write && eventData.Context!.ChangeTracker.Entries<Student>().Any())
            {
                Once = null;
                await write();
            }
            return result;
        }
    }

    /// <summary>The app's contexts: audited as the scope's user, on the test class's database (and with the race hook).</summary>
    private sealed class AuditedContextFactory(DatabaseFixture database, IAuditActor actor, Meanwhile meanwhile) : IDbContextFactory<StudentHubDbContext>
    {
        public StudentHubDbContext CreateDbContext() =>
            new(((DbContextOptionsBuilder<StudentHubDbContext>)new DbContextOptionsBuilder<StudentHubDbContext>()
                .UseStudentHub(database.DataSource)
                .AddInterceptors(new AuditInterceptor(actor), meanwhile)).Options);
    }
}
