using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudentHub.Data.Migrations
{
    /// <summary>
    /// Maps <c>Student.Version</c> and <c>Intervention.Version</c> to PostgreSQL's <c>xmin</c> system column for
    /// optimistic concurrency. Every table already has <c>xmin</c>, so there is nothing to create: EF Core's
    /// generated AddColumn would fail ("conflicts with a system column name", npgsql/efcore.pg#3854). The
    /// migration exists so that the model snapshot records the mapping.
    /// </summary>
    public partial class AddConcurrencyTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
