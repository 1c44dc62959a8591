using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudentHub.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddTaskRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "retry_count",
                table: "scheduled_tasks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "retry_scheduled_for",
                table: "scheduled_tasks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "task_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    task_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scheduled_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    output = table.Column<string>(type: "jsonb", nullable: true),
                    instance = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    lease_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("task_runs_pkey", x => x.id);
                    table.CheckConstraint("task_runs_outcome_check", "outcome IN ('running', 'succeeded', 'failed', 'timed_out', 'abandoned')");
                    table.ForeignKey(
                        name: "fk_task_runs_task",
                        column: x => x.task_id,
                        principalTable: "scheduled_tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_task_runs_running_lease",
                table: "task_runs",
                column: "lease_until",
                filter: "outcome = 'running'");

            migrationBuilder.CreateIndex(
                name: "idx_task_runs_task_started",
                table: "task_runs",
                columns: new[] { "task_id", "started_at" },
                descending: new[] { false, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "task_runs");

            migrationBuilder.DropColumn(
                name: "retry_count",
                table: "scheduled_tasks");

            migrationBuilder.DropColumn(
                name: "retry_scheduled_for",
                table: "scheduled_tasks");
        }
    }
}
