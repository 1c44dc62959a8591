using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace StudentHub.Benchmarks;

/// <summary>One SQL statement exactly as EF Core sent it: its text and its parameters (copies, with their types).</summary>
internal sealed record CapturedCommand(string Sql, IReadOnlyList<NpgsqlParameter> Parameters)
{
    public NpgsqlCommand CreateCommand(NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand(Sql, connection);
        foreach (var parameter in Parameters)
            command.Parameters.Add(parameter.Clone());
        return command;
    }

    /// <summary>The statement with its parameter values inlined, for the report (never executed).</summary>
    public string Display() =>
        Parameters.Aggregate(
            Sql,
            (sql, p) => sql + $"\n-- {p.ParameterName} = {(p.Value is string s ? "'" + s + "'" : p.Value)} ({p.NpgsqlDbType})");
}

/// <summary>
/// Records the commands EF Core executes while a capture is open, so that the benchmark can run the very same SQL
/// through a plain <see cref="NpgsqlCommand"/>. Outside a capture it only passes the call on.
/// </summary>
internal sealed class CommandCapture : DbCommandInterceptor
{
    private List<CapturedCommand>? _into;

    public IDisposable Begin(List<CapturedCommand> into)
    {
        if (_into is not null)
            throw new InvalidOperationException("A capture is already open.");
        _into = into;
        return new End(this);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return base.ReaderExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command);
        return base.ScalarExecuting(command, eventData, result);
    }

    private void Record(DbCommand command)
    {
        if (_into is null)
            return;
        var parameters = command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToList();
        _into.Add(new CapturedCommand(command.CommandText, parameters));
    }

    private sealed class End(CommandCapture capture) : IDisposable
    {
        public void Dispose() => capture._into = null;
    }
}
