using System.Data.Common;
using ContactCenter.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using Respawn;
using Respawn.Graph;

namespace ContactCenter.Testing;

/// <summary>
/// Empties chosen tables of a database that a test host keeps using (Respawn: deletes in foreign-key order, keeps the
/// schema), so a test class starts from clean tables without the cost of a host and database of its own.
/// </summary>
public sealed class TableReset
{
    private readonly DatabaseProvider _provider;
    private readonly string _connectionString;
    private readonly RespawnerOptions _options;
    private Respawner? _respawner;

    /// <param name="provider">The database engine.</param>
    /// <param name="connectionString">The database whose tables are emptied.</param>
    /// <param name="schema">PostgreSQL: the schema whose tables are emptied; SQLite has none (the whole file).</param>
    /// <param name="keep">Tables left as they are (a schema version, rows a running host needs).</param>
    public TableReset(DatabaseProvider provider, string connectionString, string? schema, params string[] keep)
    {
        _provider = provider;
        _connectionString = connectionString;
        _options = new RespawnerOptions
        {
            DbAdapter = provider == DatabaseProvider.Postgres ? DbAdapter.Postgres : DbAdapter.Sqlite,
            SchemasToInclude = schema is null ? [] : [schema],
            TablesToIgnore = keep.Select(table => schema is null ? new Table(table) : new Table(schema, table)).ToArray(),
            // Respawn's SQLite statements leave table names unquoted, and Hangfire's SQLite storage has a table named Set.
            FormatDeleteStatement = provider == DatabaseProvider.Sqlite ? table => $"DELETE FROM \"{table.Name.Replace("\"", "\"\"", StringComparison.Ordinal)}\";" : null,
        };
    }

    public async Task ResetAsync()
    {
        await using DbConnection connection = _provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(_connectionString)
            : new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        // The tables are read once; later resets reuse the delete statements Respawn worked out.
        _respawner ??= await Respawner.CreateAsync(connection, _options);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _respawner.ResetAsync(connection);
                return;
            }
            catch (PostgresException deadlock) when (deadlock.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
                // The host keeps writing these tables meanwhile (its job server), locking rows in another order;
                // PostgreSQL rolls one of the two transactions back whole, so emptying the tables again is safe.
            }
        }
    }
}
