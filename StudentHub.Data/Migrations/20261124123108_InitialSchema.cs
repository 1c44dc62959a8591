using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace StudentHub.Data.Migrations
{
    /// <summary>
    /// The design document's schema. EF Core creates students, interventions and scheduled_tasks; the
    /// partitioned learning_history, the UNIQUE constraint and the functions are SQL, matching the model in
    /// <c>Configurations/</c> (a test asserts the model has no pending changes and every named index exists).
    /// </summary>
    public partial class InitialSchema : Migration
    {
        // A constraint, as the document has it, rather than EF's plain unique index: the other nodes look it up by name.
        private const string UniqueIdentifierSql = """
            ALTER TABLE students
            ADD CONSTRAINT students_unique_identifier UNIQUE (school_id, grade, class_name, student_number);
            """;

        private const string LearningHistorySql = """
            CREATE TABLE learning_history (
                id BIGSERIAL,
                occurred_at TIMESTAMPTZ NOT NULL,
                student_id UUID NOT NULL,
                event_type VARCHAR(50) NOT NULL,
                source_node INTEGER NOT NULL,
                source_id VARCHAR(255),
                content JSONB NOT NULL,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                CONSTRAINT learning_history_pkey PRIMARY KEY (id, occurred_at),
                CONSTRAINT fk_learning_history_student
                    FOREIGN KEY (student_id) REFERENCES students(id) ON DELETE CASCADE,
                CONSTRAINT learning_history_source_node_check CHECK (source_node >= 1 AND source_node <= 6),
                CONSTRAINT learning_history_event_type_check CHECK (
                    event_type IN ('study', 'test', 'intervention', 'review', 'assessment')
                )
            ) PARTITION BY RANGE (occurred_at);

            CREATE INDEX idx_lh_student_id ON learning_history(student_id);
            CREATE INDEX idx_lh_student_occurred ON learning_history(student_id, occurred_at DESC);
            CREATE INDEX idx_lh_event_type ON learning_history(event_type);
            CREATE INDEX idx_lh_occurred_at ON learning_history(occurred_at DESC);
            CREATE INDEX idx_lh_content_gin ON learning_history USING GIN (content);
            CREATE INDEX idx_lh_student_event ON learning_history(student_id, event_type, occurred_at DESC);
            """;

        private const string FunctionsSql = """
            -- The document's function, idempotent. Two changes: the bounds are UTC instants (the column is
            -- timestamptz, so a bare date would be read in the session's time zone), and concurrent callers
            -- for one month (ingest, the monthly job) wait on an advisory lock instead of colliding.
            CREATE OR REPLACE FUNCTION create_learning_history_partition(partition_date DATE)
            RETURNS VOID AS $$
            DECLARE
                partition_name TEXT;
                start_date DATE;
                end_date DATE;
            BEGIN
                partition_name := 'learning_history_' || TO_CHAR(partition_date, 'YYYY_MM');
                start_date := DATE_TRUNC('month', partition_date);
                end_date := start_date + INTERVAL '1 month';

                PERFORM pg_advisory_xact_lock(hashtext(partition_name));
                IF to_regclass(FORMAT('public.%I', partition_name)) IS NULL THEN
                    EXECUTE FORMAT(
                        'CREATE TABLE public.%I PARTITION OF public.learning_history FOR VALUES FROM (%L) TO (%L)',
                        partition_name,
                        start_date::timestamp AT TIME ZONE 'UTC',
                        end_date::timestamp AT TIME ZONE 'UTC'
                    );
                    RAISE NOTICE 'Partition % created for range % to %', partition_name, start_date, end_date;
                ELSE
                    RAISE NOTICE 'Partition % already exists', partition_name;
                END IF;
            END;
            $$ LANGUAGE plpgsql;

            -- Partitions older than two years leave learning_history (DETACH) before moving to schema archive:
            -- the document's function only renamed their schema, leaving them attached and scanned.
            CREATE OR REPLACE FUNCTION archive_old_learning_history_partitions()
            RETURNS VOID AS $$
            DECLARE
                partition_record RECORD;
                archive_date DATE;
            BEGIN
                archive_date := CURRENT_DATE - INTERVAL '2 years';

                FOR partition_record IN
                    SELECT c.relname AS tablename
                    FROM pg_inherits i
                    JOIN pg_class c ON c.oid = i.inhrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE i.inhparent = 'public.learning_history'::regclass
                        AND n.nspname = 'public'
                        AND c.relname LIKE 'learning_history_20%'
                        AND c.relname < 'learning_history_' || TO_CHAR(archive_date, 'YYYY_MM')
                    ORDER BY c.relname
                LOOP
                    EXECUTE FORMAT('ALTER TABLE public.learning_history DETACH PARTITION public.%I', partition_record.tablename);
                    EXECUTE FORMAT('ALTER TABLE public.%I SET SCHEMA archive', partition_record.tablename);
                    RAISE NOTICE 'Partition % archived', partition_record.tablename;
                END LOOP;
            END;
            $$ LANGUAGE plpgsql;

            -- Keyed on graduation, not enrolment: the document's created_at rule would anonymize a current
            -- student who enrolled five years ago.
            CREATE OR REPLACE FUNCTION anonymize_old_students()
            RETURNS VOID AS $$
            BEGIN
                UPDATE students
                SET
                    name = 'ANONYMIZED_' || id,
                    email = NULL,
                    parent_contact = NULL,
                    metadata = '{}'::JSONB,
                    updated_at = now()
                WHERE graduated_at < CURRENT_DATE - INTERVAL '5 years'
                    AND name <> 'ANONYMIZED_' || id;
            END;
            $$ LANGUAGE plpgsql;
            """;

        // The current month and the six after it; later months are made by the monthly job or on demand.
        private const string InitialPartitionsSql = """
            DO $$
            BEGIN
                FOR month_offset IN 0..6 LOOP
                    PERFORM create_learning_history_partition(
                        ((CURRENT_TIMESTAMP AT TIME ZONE 'UTC')::date + make_interval(months => month_offset))::date);
                END LOOP;
            END $$;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:uuid-ossp", ",,");

            migrationBuilder.EnsureSchema("archive");

            migrationBuilder.CreateTable(
                name: "students",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "ko-KR-x-icu"),
                    school_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    grade = table.Column<int>(type: "integer", nullable: false),
                    class_name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    student_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    email = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    parent_contact = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'::jsonb"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    graduated_at = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("students_pkey", x => x.id);
                    table.CheckConstraint("students_grade_check", "grade >= 1 AND grade <= 12");
                });

            migrationBuilder.CreateTable(
                name: "interventions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValueSql: "'active'"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    learning_path = table.Column<string>(type: "jsonb", nullable: false),
                    progress = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{\"completed\": 0, \"total\": 0}'::jsonb"),
                    weak_areas = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("interventions_pkey", x => x.id);
                    table.CheckConstraint("interventions_status_check", "status IN ('active', 'paused', 'completed', 'cancelled')");
                    table.CheckConstraint("interventions_type_check", "type IN ('auto', 'teacher_requested')");
                    table.ForeignKey(
                        name: "fk_interventions_student",
                        column: x => x.student_id,
                        principalTable: "students",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "scheduled_tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    student_id = table.Column<Guid>(type: "uuid", nullable: true),
                    task_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    schedule_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    cron_expression = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    config = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'::jsonb"),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValueSql: "'active'"),
                    next_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    celery_task_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("scheduled_tasks_pkey", x => x.id);
                    table.CheckConstraint("scheduled_tasks_schedule_type_check", "schedule_type IN ('cron', 'interval', 'one_time')");
                    table.CheckConstraint("scheduled_tasks_status_check", "status IN ('active', 'paused', 'completed')");
                    table.ForeignKey(
                        name: "fk_scheduled_tasks_student",
                        column: x => x.student_id,
                        principalTable: "students",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_interventions_active",
                table: "interventions",
                columns: new[] { "student_id", "created_at" },
                descending: new[] { false, true },
                filter: "status = 'active'");

            migrationBuilder.CreateIndex(
                name: "idx_interventions_created_at",
                table: "interventions",
                column: "created_at",
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "idx_interventions_status",
                table: "interventions",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "idx_interventions_student_id",
                table: "interventions",
                column: "student_id");

            migrationBuilder.CreateIndex(
                name: "idx_interventions_student_status",
                table: "interventions",
                columns: new[] { "student_id", "status" });

            migrationBuilder.CreateIndex(
                name: "idx_scheduled_tasks_created_at",
                table: "scheduled_tasks",
                column: "created_at",
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "idx_scheduled_tasks_next_run",
                table: "scheduled_tasks",
                column: "next_run_at",
                filter: "status = 'active'");

            migrationBuilder.CreateIndex(
                name: "idx_scheduled_tasks_student_id",
                table: "scheduled_tasks",
                column: "student_id");

            migrationBuilder.CreateIndex(
                name: "idx_scheduled_tasks_type_status",
                table: "scheduled_tasks",
                columns: new[] { "task_type", "status" });

            migrationBuilder.CreateIndex(
                name: "idx_students_created_at",
                table: "students",
                column: "created_at",
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "idx_students_grade_class",
                table: "students",
                columns: new[] { "grade", "class_name" });

            migrationBuilder.CreateIndex(
                name: "idx_students_metadata_gin",
                table: "students",
                column: "metadata")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "idx_students_name_trgm",
                table: "students",
                column: "name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "idx_students_school_id",
                table: "students",
                column: "school_id");

            migrationBuilder.Sql(UniqueIdentifierSql);
            migrationBuilder.Sql(LearningHistorySql);
            migrationBuilder.Sql(FunctionsSql);
            migrationBuilder.Sql(InitialPartitionsSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "interventions");

            migrationBuilder.Sql("DROP TABLE learning_history CASCADE");
            migrationBuilder.Sql("""
                DROP FUNCTION IF EXISTS create_learning_history_partition(date);
                DROP FUNCTION IF EXISTS archive_old_learning_history_partitions();
                DROP FUNCTION IF EXISTS anonymize_old_students();
                """);
            migrationBuilder.DropSchema("archive");

            migrationBuilder.DropTable(
                name: "scheduled_tasks");

            migrationBuilder.DropTable(
                name: "students");
        }
    }
}
