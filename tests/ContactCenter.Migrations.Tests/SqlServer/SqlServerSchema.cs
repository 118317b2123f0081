using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace ContactCenter.Migrations.Tests.SqlServer;

public sealed record SqlServerColumn(string Name, string StoreType, bool IsNullable);

public sealed record SqlServerKey(string Name, IReadOnlyList<string> Columns);

public sealed record SqlServerIndex(string Name, IReadOnlyList<string> Columns, bool IsUnique, string? Filter);

public sealed record SqlServerForeignKey(string Name, IReadOnlyList<string> Columns, string PrincipalTable, ReferentialAction OnDelete);

public sealed class SqlServerTable(string name)
{
    public string Name { get; } = name;

    public Dictionary<string, SqlServerColumn> Columns { get; } = new(StringComparer.Ordinal);

    public SqlServerKey? PrimaryKey { get; set; }

    public Dictionary<string, SqlServerIndex> Indexes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SqlServerForeignKey> ForeignKeys { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The tables, columns, keys, indexes and foreign keys a SQL Server database gets, worked out without a server: from the
/// migrations' operations as EF's SQL Server generator turns them into SQL, or from EF's SQL Server model.
/// </summary>
public sealed class SqlServerSchema
{
    public Dictionary<string, SqlServerTable> Tables { get; } = new(StringComparer.Ordinal);

    public SqlServerTable Table(string name) =>
        Tables.TryGetValue(name, out var table) ? table : throw new KeyNotFoundException($"no table {name}");

    /// <summary>The schema every migration of the context's assembly builds, applied in order (Up only).</summary>
    public static SqlServerSchema FromMigrations(DbContext context) =>
        FromOperations(MigrationsOf(context).SelectMany(m => m.UpOperations), context.GetService<IRelationalTypeMappingSource>());

    /// <summary>The context's migrations in order, as its provider gets them.</summary>
    public static IEnumerable<Migration> MigrationsOf(DbContext context)
    {
        var assembly = context.GetService<IMigrationsAssembly>();
        return assembly.Migrations.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => assembly.CreateMigration(m.Value, context.Database.ProviderName!));
    }

    /// <summary>
    /// Applies operations to an empty schema. A column without a store type gets the one EF's SQL Server generator gives
    /// it without a target model: the type mapping of its CLR type and facets, as for a column in no key or index.
    /// Operations these checks do not know fail loudly, so a new kind of operation is never silently left out.
    /// </summary>
    public static SqlServerSchema FromOperations(IEnumerable<MigrationOperation> operations, IRelationalTypeMappingSource types)
    {
        var schema = new SqlServerSchema();
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case CreateTableOperation create:
                    var table = new SqlServerTable(create.Name);
                    foreach (var column in create.Columns)
                    {
                        table.Columns.Add(column.Name, ColumnOf(column, types));
                    }

                    if (create.PrimaryKey is { } primaryKey)
                    {
                        table.PrimaryKey = new SqlServerKey(primaryKey.Name, primaryKey.Columns);
                    }

                    foreach (var foreignKey in create.ForeignKeys)
                    {
                        table.ForeignKeys.Add(foreignKey.Name, ForeignKeyOf(foreignKey));
                    }

                    if (create.UniqueConstraints.Count > 0 || create.CheckConstraints.Count > 0)
                    {
                        throw new NotSupportedException($"{create.Name}: unique and check constraints are not read yet.");
                    }

                    schema.Tables.Add(create.Name, table);
                    break;
                case AddColumnOperation add:
                    schema.Table(add.Table).Columns.Add(add.Name, ColumnOf(add, types));
                    break;
                case AlterColumnOperation alter:
                    var altered = ColumnOf(alter, types);
                    var before = schema.Table(alter.Table).Columns[alter.Name];
                    if (altered != before)
                    {
                        // Without a target model EF cannot rebuild the indexes on the column first (error 5074).
                        RefuseWhenUsed(schema.Table(alter.Table), alter.Name, "alter");
                    }

                    schema.Table(alter.Table).Columns[alter.Name] = altered;
                    break;
                case DropColumnOperation drop:
                    RefuseWhenUsed(schema.Table(drop.Table), drop.Name, "drop");
                    Remove(schema.Table(drop.Table).Columns, drop.Name);
                    break;
                case CreateIndexOperation index:
                    schema.Table(index.Table).Indexes.Add(index.Name, new SqlServerIndex(index.Name, index.Columns, index.IsUnique, index.Filter));
                    break;
                case DropIndexOperation drop:
                    Remove(schema.Table(drop.Table!).Indexes, drop.Name);
                    break;
                case AddForeignKeyOperation foreignKey:
                    schema.Table(foreignKey.Table).ForeignKeys.Add(foreignKey.Name, ForeignKeyOf(foreignKey));
                    break;
                case DropForeignKeyOperation drop:
                    Remove(schema.Table(drop.Table).ForeignKeys, drop.Name);
                    break;
                case DropTableOperation drop:
                    Remove(schema.Tables, drop.Name);
                    break;
                case InsertDataOperation or SqlOperation:
                    // Data, not schema; raw SQL is checked on its own (it must be wrapped so the idempotent script compiles).
                    break;
                default:
                    throw new NotSupportedException($"{operation.GetType().Name} is not read by these checks yet; teach SqlServerSchema it.");
            }
        }

        return schema;
    }

    /// <summary>The schema EF's SQL Server model describes (what EnsureCreated would make).</summary>
    public static SqlServerSchema FromModel(IModel model)
    {
        var schema = new SqlServerSchema();
        foreach (var source in model.GetRelationalModel().Tables)
        {
            var table = new SqlServerTable(source.Name);
            foreach (var column in source.Columns)
            {
                table.Columns.Add(column.Name, new SqlServerColumn(column.Name, column.StoreType, column.IsNullable));
            }

            if (source.PrimaryKey is { } primaryKey)
            {
                table.PrimaryKey = new SqlServerKey(primaryKey.Name, primaryKey.Columns.Select(c => c.Name).ToList());
            }

            foreach (var index in source.Indexes)
            {
                table.Indexes.Add(index.Name, new SqlServerIndex(index.Name, index.Columns.Select(c => c.Name).ToList(), index.IsUnique, index.Filter));
            }

            foreach (var foreignKey in source.ForeignKeyConstraints)
            {
                table.ForeignKeys.Add(foreignKey.Name, new SqlServerForeignKey(
                    foreignKey.Name, foreignKey.Columns.Select(c => c.Name).ToList(), foreignKey.PrincipalTable.Name, foreignKey.OnDeleteAction));
            }

            schema.Tables.Add(table.Name, table);
        }

        return schema;
    }

    /// <summary>One line per table, column, key, index and foreign key, sorted, so two schemas compare line by line.</summary>
    public IReadOnlyList<string> Describe() =>
        Tables.Values.SelectMany(t => new[] { $"table {t.Name} pk {t.PrimaryKey?.Name} ({Join(t.PrimaryKey?.Columns ?? [])})" }
                .Concat(t.Columns.Values.Select(c => $"column {t.Name}.{c.Name} {c.StoreType} {(c.IsNullable ? "null" : "not null")}"))
                .Concat(t.Indexes.Values.Select(i => $"index {t.Name} {i.Name} {(i.IsUnique ? "unique " : "")}({Join(i.Columns)}) filter={i.Filter}"))
                .Concat(t.ForeignKeys.Values.Select(f => $"foreign key {t.Name} {f.Name} ({Join(f.Columns)}) -> {f.PrincipalTable} on delete {f.OnDelete}")))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string Join(IEnumerable<string> names) => string.Join(", ", names);

    private static SqlServerColumn ColumnOf(ColumnOperation column, IRelationalTypeMappingSource types)
    {
        var storeType = column.ColumnType
            ?? types.FindMapping(column.ClrType, storeTypeName: null, keyOrIndex: false, column.IsUnicode, column.MaxLength,
                column.IsRowVersion, column.IsFixedLength, column.Precision, column.Scale)?.StoreType
            ?? throw new InvalidOperationException($"{column.Table}.{column.Name}: SQL Server has no type for {column.ClrType}.");
        return new SqlServerColumn(column.Name, storeType, column.IsNullable);
    }

    private static SqlServerForeignKey ForeignKeyOf(AddForeignKeyOperation foreignKey) =>
        new(foreignKey.Name, foreignKey.Columns, foreignKey.PrincipalTable, foreignKey.OnDelete);

    /// <summary>SQL Server refuses to drop or change a column that a key, index or foreign key still uses.</summary>
    private static void RefuseWhenUsed(SqlServerTable table, string column, string change)
    {
        var users = (table.PrimaryKey is { } key && key.Columns.Contains(column) ? [key.Name] : Array.Empty<string>())
            .Concat(table.Indexes.Values.Where(i => i.Columns.Contains(column)).Select(i => i.Name))
            .Concat(table.ForeignKeys.Values.Where(f => f.Columns.Contains(column)).Select(f => f.Name))
            .ToList();
        if (users.Count > 0)
        {
            throw new InvalidOperationException($"a migration would {change} {table.Name}.{column}, which {string.Join(", ", users)} use(s): SQL Server refuses");
        }
    }

    private static void Remove<T>(Dictionary<string, T> items, string name)
    {
        if (!items.Remove(name))
        {
            throw new InvalidOperationException($"a migration drops {name}, which does not exist at that point");
        }
    }
}
