using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudentHub.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddReportsAndAnalytics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "student_reports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    task_run_id = table.Column<Guid>(type: "uuid", nullable: true),
                    format = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    size_bytes = table.Column<int>(type: "integer", nullable: false),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    period_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("student_reports_pkey", x => x.id);
                    table.CheckConstraint("student_reports_format_check", "format IN ('pdf', 'html')");
                    table.ForeignKey(
                        name: "fk_student_reports_student",
                        column: x => x.student_id,
                        principalTable: "students",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_student_reports_task_run",
                        column: x => x.task_run_id,
                        principalTable: "task_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "weekly_analytics",
                columns: table => new
                {
                    school_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    grade = table.Column<int>(type: "integer", nullable: false),
                    week_start = table.Column<DateOnly>(type: "date", nullable: false),
                    enrolled_students = table.Column<int>(type: "integer", nullable: false),
                    active_students = table.Column<int>(type: "integer", nullable: false),
                    events = table.Column<int>(type: "integer", nullable: false),
                    time_spent_seconds = table.Column<long>(type: "bigint", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    correct_attempts = table.Column<int>(type: "integer", nullable: false),
                    partial_attempts = table.Column<int>(type: "integer", nullable: false),
                    average_score = table.Column<double>(type: "double precision", nullable: true),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    task_run_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("weekly_analytics_pkey", x => new { x.school_id, x.grade, x.week_start });
                    table.CheckConstraint("weekly_analytics_counts_check", "active_students <= enrolled_students AND correct_attempts + partial_attempts <= attempts");
                    table.CheckConstraint("weekly_analytics_grade_check", "grade >= 1 AND grade <= 12");
                    table.ForeignKey(
                        name: "fk_weekly_analytics_task_run",
                        column: x => x.task_run_id,
                        principalTable: "task_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "idx_student_reports_student_created",
                table: "student_reports",
                columns: new[] { "student_id", "created_at" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "idx_student_reports_task_run",
                table: "student_reports",
                column: "task_run_id");

            migrationBuilder.CreateIndex(
                name: "idx_weekly_analytics_task_run",
                table: "weekly_analytics",
                column: "task_run_id");

            migrationBuilder.CreateIndex(
                name: "idx_weekly_analytics_week",
                table: "weekly_analytics",
                column: "week_start");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "student_reports");

            migrationBuilder.DropTable(
                name: "weekly_analytics");
        }
    }
}
