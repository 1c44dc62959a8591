using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using StudentHub.Data;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Students;

public enum RosterImportMode
{
    /// <summary>One invalid row and nothing is written.</summary>
    AllOrNothing,

    /// <summary>The valid rows are written, the invalid ones reported.</summary>
    SkipInvalid,
}

public enum RosterImportStage
{
    /// <summary>Rows go to the database (<see cref="RosterImportProgress.Done"/> of <see cref="RosterImportProgress.Total"/>).</summary>
    Staging,

    /// <summary>One statement merges them into <c>students</c>: no count to show until it ends.</summary>
    Saving,
}

public readonly record struct RosterImportProgress(RosterImportStage Stage, int Done, int Total);

/// <param name="Written">False when nothing was written: all-or-nothing with invalid rows, or no valid row at all.</param>
/// <param name="Unchanged">Rows whose student already had exactly these values: not touched, so their version and updated_at stay.</param>
/// <param name="Skipped">The invalid rows, with their problems.</param>
public sealed record RosterImportSummary(
    bool Written, int Created, int Updated, int Unchanged, IReadOnlyList<RosterRow> Skipped, TimeSpan Elapsed);

/// <summary>
/// Writes a checked <see cref="RosterFile"/> into <c>students</c>: a student who exists at (school, grade, class,
/// number) is updated, anyone else is created. One transaction whatever the mode, so a failure writes nothing.
/// </summary>
/// <remarks>
/// <para>
/// 100,000 rows as 100,000 EF Core saves would take minutes. Instead the rows stream into a temporary table through
/// binary COPY, and one <c>INSERT … ON CONFLICT ON CONSTRAINT students_unique_identifier DO UPDATE</c> merges them.
/// An update that would change nothing is skipped (the <c>WHERE</c> of the <c>DO UPDATE</c>): re-importing the same
/// roster leaves rows, their <c>xmin</c> and so every open edit form alone.
/// </para>
/// <para>
/// On an existing student, name and every optional column the file has are written; a column the file lacks keeps
/// its value. The metadata changes only in <c>learning_style</c>: the other keys, which other nodes may own, stay.
/// </para>
/// <para>
/// Bulk SQL passes by the audit interceptor, so the import writes one audit row of its own, action
/// <see cref="AuditAction"/> with the file name and counts, in the same transaction as the rows it describes.
/// </para>
/// </remarks>
public sealed class RosterImporter(IDbContextFactory<StudentHubDbContext> contextFactory, IAuditActor actor)
{
    /// <summary>
    /// The audit action of an import. A string here rather than an <see cref="AuditActions"/> constant, which lives in
    /// StudentHub.Data; the audit page shows an action it has no label for as stored.
    /// </summary>
    public const string AuditAction = "import";

    private const int ProgressEvery = 1000;

    private const string CreateStaging =
        "CREATE TEMP TABLE roster_import (id uuid NOT NULL, name varchar(100) NOT NULL, school_id varchar(50) NOT NULL, " +
        "grade int NOT NULL, class_name varchar(50) NOT NULL, student_number varchar(20) NOT NULL, email varchar(255), " +
        "parent_contact varchar(20), learning_style text, graduated_at date) ON COMMIT DROP";

    private const string CopyStaging =
        "COPY roster_import (id, name, school_id, grade, class_name, student_number, email, parent_contact, learning_style, " +
        "graduated_at) FROM STDIN (FORMAT BINARY)";

    public async Task<RosterImportSummary> ImportAsync(
        RosterFile file, RosterImportMode mode, IProgress<RosterImportProgress>? progress = null, CancellationToken ct = default)
    {
        if (file.Problem is not null)
            throw new InvalidOperationException($"{file.FileName} cannot be imported: {file.Problem.Kind}.");
        var stopwatch = Stopwatch.StartNew();
        var invalid = file.Rows.Where(r => !r.IsValid).ToList();
        var valid = file.Rows.Where(r => r.IsValid).ToList();
        if (valid.Count == 0 || (mode == RosterImportMode.AllOrNothing && invalid.Count > 0))
            return new RosterImportSummary(false, 0, 0, 0, invalid, stopwatch.Elapsed);

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        await using (var create = new NpgsqlCommand(CreateStaging, connection))
            await create.ExecuteNonQueryAsync(ct);
        await StageAsync(connection, valid, progress, ct);

        progress?.Report(new RosterImportProgress(RosterImportStage.Saving, valid.Count, valid.Count));
        int created, updated;
        await using (var upsert = new NpgsqlCommand(UpsertSql(file.Columns), connection))
        {
            // Minutes would mean something is wrong, but a large roster on a busy server may well pass 30 seconds.
            upsert.CommandTimeout = 600;
            await using var reader = await upsert.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            created = (int)reader.GetInt64(0);
            updated = (int)reader.GetInt64(1);
        }
        var unchanged = valid.Count - created - updated;

        db.AuditLogs.Add(new AuditLog
        {
            OccurredAt = DateTimeOffset.UtcNow,
            UserId = actor.UserId,
            UserName = actor.UserName,
            Action = AuditAction,
            EntityType = nameof(Student),
            Details = new Dictionary<string, System.Text.Json.JsonElement>
            {
                ["file"] = Json(file.FileName),
                ["mode"] = Json(mode == RosterImportMode.AllOrNothing ? "all_or_nothing" : "skip_invalid"),
                ["rows"] = Json(file.Rows.Count),
                ["created"] = Json(created),
                ["updated"] = Json(updated),
                ["unchanged"] = Json(unchanged),
                ["skipped"] = Json(invalid.Count),
                ["skipped_lines"] = Json(invalid.Take(100).Select(r => r.Line)),
            },
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new RosterImportSummary(true, created, updated, unchanged, invalid, stopwatch.Elapsed);
    }

    private static System.Text.Json.JsonElement Json<T>(T value) => System.Text.Json.JsonSerializer.SerializeToElement(value);

    private static async Task StageAsync(
        NpgsqlConnection connection, List<RosterRow> rows, IProgress<RosterImportProgress>? progress, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync(CopyStaging, ct);
        importer.Timeout = TimeSpan.Zero;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            await importer.StartRowAsync(ct);
            // Version 7: new students' keys in time order, as the app's own inserts make them, so the primary key index grows at its end.
            await importer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(row.Name!, NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(row.SchoolId!, NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(row.Grade!.Value, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(row.ClassName!, NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(row.StudentNumber!, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(importer, row.Email, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(importer, row.ParentContact, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(importer, row.LearningStyle, NpgsqlDbType.Text, ct);
            if (row.GraduatedAt is { } graduated)
                await importer.WriteAsync(graduated, NpgsqlDbType.Date, ct);
            else
                await importer.WriteNullAsync(ct);
            if ((i + 1) % ProgressEvery == 0)
                progress?.Report(new RosterImportProgress(RosterImportStage.Staging, i + 1, rows.Count));
        }
        await importer.CompleteAsync(ct);
        progress?.Report(new RosterImportProgress(RosterImportStage.Staging, rows.Count, rows.Count));
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null)
            await importer.WriteNullAsync(ct);
        else
            await importer.WriteAsync(value, type, ct);
    }

    /// <summary>
    /// The merge, with an assignment for each column the file has (<see cref="RosterFile.Columns"/>). Returns one row:
    /// how many students were created and how many updated. Column names come from this method, never from the file.
    /// </summary>
    internal static string UpsertSql(IReadOnlySet<RosterColumn> columns)
    {
        // "target = new value" for each column the import sets on an existing student.
        var assignments = new List<(string Column, string Value)> { ("name", "excluded.name") };
        if (columns.Contains(RosterColumn.Email))
            assignments.Add(("email", "excluded.email"));
        if (columns.Contains(RosterColumn.ParentContact))
            assignments.Add(("parent_contact", "excluded.parent_contact"));
        if (columns.Contains(RosterColumn.GraduatedAt))
            assignments.Add(("graduated_at", "excluded.graduated_at"));
        if (columns.Contains(RosterColumn.LearningStyle))
            // Only learning_style changes: the proposed row's metadata holds it, or nothing when the file's value is empty.
            assignments.Add(("metadata",
                "CASE WHEN excluded.metadata ? 'learning_style' THEN s.metadata || excluded.metadata " +
                "ELSE s.metadata - 'learning_style' END"));

        var sql = new StringBuilder();
        sql.Append("WITH upserted AS (");
        sql.Append("INSERT INTO students AS s (id, name, school_id, grade, class_name, student_number, email, parent_contact, ");
        sql.Append("metadata, graduated_at, created_at, updated_at) ");
        sql.Append("SELECT id, name, school_id, grade, class_name, student_number, email, parent_contact, ");
        sql.Append("CASE WHEN learning_style IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('learning_style', learning_style) END, ");
        sql.Append("graduated_at, now(), now() FROM roster_import ");
        sql.Append("ON CONFLICT ON CONSTRAINT students_unique_identifier DO UPDATE SET ");
        sql.AppendJoin(", ", assignments.Select(a => $"{a.Column} = {a.Value}"));
        sql.Append(", updated_at = now() ");
        sql.Append("WHERE (").AppendJoin(", ", assignments.Select(a => "s." + a.Column)).Append(") IS DISTINCT FROM (");
        sql.AppendJoin(", ", assignments.Select(a => a.Value)).Append(") ");
        // xmax is 0 on a row this statement inserted and set on one it updated: the usual way to tell the two apart.
        sql.Append("RETURNING (s.xmax = 0) AS created) ");
        sql.Append("SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) FROM upserted");
        return sql.ToString();
    }
}
