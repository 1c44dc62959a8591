using Microsoft.EntityFrameworkCore;
using Npgsql;
using StudentHub.Data;

namespace StudentHub.Tests.Infrastructure;

/// <summary>A fresh, migrated database for one test class (<c>IClassFixture&lt;DatabaseFixture&gt;</c>), so classes run in parallel.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    private readonly string _name = "studenthub_test_" + Guid.NewGuid().ToString("N")[..12];
    private NpgsqlDataSource? _dataSource;

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>A new context each time: assert by re-reading through a fresh one, not the one that wrote.</summary>
    public StudentHubDbContext CreateDbContext() => new(StudentHubDatabase.Options(DataSource));

    /// <summary>A context that audits its changes as <paramref name="actor"/>, as the app's contexts do.</summary>
    public StudentHubDbContext CreateDbContext(IAuditActor actor) =>
        new(((DbContextOptionsBuilder<StudentHubDbContext>)new DbContextOptionsBuilder<StudentHubDbContext>()
            .UseStudentHub(DataSource)
            .AddInterceptors(new AuditInterceptor(actor))).Options);

    /// <summary>A factory of <see cref="CreateDbContext(IAuditActor)"/> (or unaudited) contexts, for the services that take one.</summary>
    public IDbContextFactory<StudentHubDbContext> ContextFactory(IAuditActor? actor = null) => new FixtureContextFactory(this, actor);

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgresServer.CreateDatabaseAsync(_name);
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
        await TestPostgresServer.DropDatabaseAsync(_name);
    }

    private sealed class FixtureContextFactory(DatabaseFixture database, IAuditActor? actor) : IDbContextFactory<StudentHubDbContext>
    {
        public StudentHubDbContext CreateDbContext() => actor is null ? database.CreateDbContext() : database.CreateDbContext(actor);
    }
}
