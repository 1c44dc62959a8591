using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace StudentHub.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without the web app; it never connects.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<StudentHubDbContext>
{
    public StudentHubDbContext CreateDbContext(string[] args) =>
        new(StudentHubDatabase.Options(NpgsqlDataSource.Create("Host=localhost;Database=studenthub_design")));
}
