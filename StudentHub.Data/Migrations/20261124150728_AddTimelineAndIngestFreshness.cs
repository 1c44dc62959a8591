using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudentHub.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddTimelineAndIngestFreshness : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ingest_node_hours",
                columns: table => new
                {
                    source_node = table.Column<int>(type: "integer", nullable: false),
                    hour = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    events_accepted = table.Column<long>(type: "bigint", nullable: false),
                    events_duplicate = table.Column<long>(type: "bigint", nullable: false),
                    events_rejected = table.Column<long>(type: "bigint", nullable: false),
                    last_received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_event_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("ingest_node_hours_pkey", x => new { x.source_node, x.hour });
                    table.CheckConstraint("ingest_node_hours_source_node_check", "source_node >= 1 AND source_node <= 6");
                });

            migrationBuilder.CreateIndex(
                name: "idx_lh_student_timeline",
                table: "learning_history",
                columns: new[] { "student_id", "occurred_at", "id" },
                descending: new[] { false, true, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ingest_node_hours");

            migrationBuilder.DropIndex(
                name: "idx_lh_student_timeline",
                table: "learning_history");
        }
    }
}
