using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudentHub.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddIngest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "event_id",
                table: "learning_history",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ingest_keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    source_node = table.Column<int>(type: "integer", nullable: false),
                    key_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    key_prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    can_read = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    events_accepted = table.Column<long>(type: "bigint", nullable: false),
                    events_rejected = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("ingest_keys_pkey", x => x.id);
                    table.CheckConstraint("ingest_keys_source_node_check", "source_node >= 1 AND source_node <= 6");
                });

            migrationBuilder.CreateIndex(
                name: "idx_lh_event_id",
                table: "learning_history",
                columns: new[] { "event_id", "occurred_at" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_ingest_keys_key_hash",
                table: "ingest_keys",
                column: "key_hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ingest_keys");

            migrationBuilder.DropIndex(
                name: "idx_lh_event_id",
                table: "learning_history");

            migrationBuilder.DropColumn(
                name: "event_id",
                table: "learning_history");
        }
    }
}
