using System.Data.Common;
using ContactCenter.Data;

namespace ContactCenter.Migrations.Tests;

/// <summary>
/// The schema of a database as the engine reports it, as sorted lines (tables and columns with type and
/// nullability, primary keys, foreign keys, indexes), so two databases compare line by line.
/// </summary>
public static class DatabaseSchema
{
    /// <summary>EF's own bookkeeping tables are not part of the model.</summary>
    private static readonly string[] Bookkeeping = ["__EFMigrationsHistory", "__EFMigrationsLock"];

    /// <summary>
    /// The text search's objects, which only raw SQL can state (SQLite's FTS5 tables with their shadow tables,
    /// PostgreSQL's trigram indexes over lower(column), the partial indexes of the messages not indexed yet): not in the
    /// model, so left out here; RequestListIndexesShould and MessageTextIndexMigrationShould check them.
    /// </summary>
    private static readonly string[] SearchObjects = ["RequestSearch", "MessageSearch", "MessageTextSearch", "_Search_"];

    public static async Task<IReadOnlyList<string>> ReadAsync(DbConnection connection, DatabaseProvider provider)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        var lines = provider switch
        {
            DatabaseProvider.Sqlite => await ReadSqliteAsync(connection),
            DatabaseProvider.SqlServer => await ReadSqlServerAsync(connection),
            _ => await ReadPostgresAsync(connection),
        };
        return lines.Where(line => !Bookkeeping.Concat(SearchObjects).Any(name => line.Contains(name, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<List<string>> ReadSqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        foreach (var table in tables.Select(row => row[0]))
        {
            lines.Add($"table {table}");
            foreach (var c in await QueryAsync(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')"))
            {
                lines.Add($"column {table}.{c[0]} {c[1]} {(c[2] == "1" ? "not null" : "null")}{(c[3] != "0" ? $" pk{c[3]}" : "")}");
            }

            foreach (var f in await QueryAsync(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')"))
            {
                lines.Add($"foreign key {table}.{f[1]} -> {f[0]}.{f[2]} on delete {f[3]}");
            }

            foreach (var i in await QueryAsync(connection, $"SELECT name, \"unique\", origin FROM pragma_index_list('{table}')"))
            {
                var columns = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{i[0]}') ORDER BY seqno");
                var name = i[2] == "c" ? i[0] : $"({i[2]})";
                lines.Add($"index {table} {name} {(i[1] == "1" ? "unique " : "")}({string.Join(", ", columns.Select(c => c[0]))})");
            }
        }

        return lines;
    }

    private static async Task<List<string>> ReadPostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        foreach (var t in await QueryAsync(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
        {
            lines.Add($"table {t[0]}");
        }

        foreach (var c in await QueryAsync(connection, """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length::text, ''), is_nullable,
                   is_identity, coalesce(identity_generation, ''), coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public'
            """))
        {
            lines.Add($"column {c[0]}.{c[1]} {c[2]}({c[3]}) {(c[4] == "NO" ? "not null" : "null")} identity={c[5]}{c[6]} default={c[7]}");
        }

        foreach (var k in await QueryAsync(connection, """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            """))
        {
            lines.Add($"constraint {k[0]} {k[1]} {k[2]}");
        }

        foreach (var i in await QueryAsync(connection, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"))
        {
            lines.Add($"index {i[0]} {i[1]} {i[2]}");
        }

        return lines;
    }

    /// <summary>SQL Server's catalog views; default constraints by definition only (their names are generated).</summary>
    private static async Task<List<string>> ReadSqlServerAsync(DbConnection connection)
    {
        var lines = new List<string>();
        foreach (var c in await QueryAsync(connection, """
            SELECT t.name, c.name, ty.name, c.max_length, c.precision, c.scale, c.is_nullable, c.is_identity, ISNULL(d.definition, '')
            FROM sys.columns c
            JOIN sys.tables t ON t.object_id = c.object_id
            JOIN sys.types ty ON ty.user_type_id = c.user_type_id
            LEFT JOIN sys.default_constraints d ON d.parent_object_id = c.object_id AND d.parent_column_id = c.column_id
            WHERE t.is_ms_shipped = 0
            """))
        {
            lines.Add($"column {c[0]}.{c[1]} {c[2]}({c[3]},{c[4]},{c[5]}) {(c[6] == "True" ? "null" : "not null")} identity={c[7]} default={c[8]}");
        }

        foreach (var k in await QueryAsync(connection, """
            SELECT tp.name, fk.name, STRING_AGG(cp.name, ', ') WITHIN GROUP (ORDER BY fkc.constraint_column_id), tr.name,
                   fk.delete_referential_action_desc
            FROM sys.foreign_keys fk
            JOIN sys.tables tp ON tp.object_id = fk.parent_object_id
            JOIN sys.tables tr ON tr.object_id = fk.referenced_object_id
            JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
            JOIN sys.columns cp ON cp.object_id = fkc.parent_object_id AND cp.column_id = fkc.parent_column_id
            GROUP BY tp.name, fk.name, tr.name, fk.delete_referential_action_desc
            """))
        {
            lines.Add($"foreign key {k[0]} {k[1]} ({k[2]}) -> {k[3]} on delete {k[4]}");
        }

        foreach (var i in await QueryAsync(connection, """
            SELECT t.name, i.name, i.is_primary_key, i.is_unique, i.type_desc, ISNULL(i.filter_definition, ''),
                   STRING_AGG(c.name, ', ') WITHIN GROUP (ORDER BY ic.key_ordinal)
            FROM sys.indexes i
            JOIN sys.tables t ON t.object_id = i.object_id
            JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
            JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
            WHERE t.is_ms_shipped = 0 AND i.type > 0
            GROUP BY t.name, i.name, i.is_primary_key, i.is_unique, i.type_desc, i.filter_definition
            """))
        {
            lines.Add($"index {i[0]} {i[1]} pk={i[2]} unique={i[3]} {i[4]} ({i[6]}) filter={i[5]}");
        }

        return lines;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }

            rows.Add(row);
        }

        return rows;
    }
}
