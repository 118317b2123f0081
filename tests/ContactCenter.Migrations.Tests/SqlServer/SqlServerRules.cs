using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tests.SqlServer;

/// <summary>
/// What SQL Server refuses (or accepts only to fail later) that PostgreSQL and SQLite accept: max-typed columns in keys
/// and indexes, index keys longer than 900 bytes, more than one cascading path between two tables, cascade cycles.
/// </summary>
public static partial class SqlServerRules
{
    /// <summary>
    /// Bytes of a key SQL Server accepts for every value: 900 for a clustered index (the primary key); nonclustered ones
    /// may reach 1,700 since SQL Server 2016, but we hold every key to 900 so any index may become the clustered one.
    /// </summary>
    public const int MaxKeyBytes = 900;

    /// <summary>Every rule broken by the schema, one sentence each; empty when SQL Server takes it as it is.</summary>
    public static IReadOnlyList<string> Check(SqlServerSchema schema) =>
        [.. MaxColumnsInKeys(schema), .. OversizedKeys(schema), .. CascadePaths(schema)];

    /// <summary>The largest number of bytes a value of the store type takes in an index key.</summary>
    /// <exception cref="ArgumentException">A type these checks do not know (a provider's own type in a SQL Server schema).</exception>
    public static int? MaxBytes(string storeType)
    {
        var match = TypePattern().Match(storeType);
        if (!match.Success)
        {
            throw new ArgumentException($"'{storeType}' is not a SQL Server type these checks know", nameof(storeType));
        }

        var name = match.Groups["name"].Value.ToLowerInvariant();
        var size = match.Groups["size"].Value.ToLowerInvariant();
        if (size == "max" || name is "text" or "ntext" or "image" or "xml")
        {
            return null;
        }

        int? length = size.Length > 0 ? int.Parse(size, CultureInfo.InvariantCulture) : null;
        return name switch
        {
            "nvarchar" or "nchar" => 2 * (length ?? 1),
            "varchar" or "char" or "varbinary" or "binary" => length ?? 1,
            "uniqueidentifier" => 16,
            "bigint" or "float" or "datetime" or "datetime2" or "money" => 8,
            "int" or "real" or "smalldatetime" => 4,
            "datetimeoffset" => 10,
            "smallint" => 2,
            "tinyint" or "bit" => 1,
            "date" => 3,
            "time" => 5,
            "decimal" or "numeric" => 17,
            "rowversion" or "timestamp" => 8,
            _ => throw new ArgumentException($"'{storeType}' is not a SQL Server type these checks know", nameof(storeType)),
        };
    }

    private static IEnumerable<(SqlServerTable Table, string Name, IReadOnlyList<string> Columns)> Keys(SqlServerSchema schema) =>
        schema.Tables.Values.SelectMany(t =>
            (t.PrimaryKey is { } pk ? [(t, pk.Name, pk.Columns)] : Array.Empty<(SqlServerTable, string, IReadOnlyList<string>)>())
            .Concat(t.Indexes.Values.Select(i => (t, i.Name, i.Columns))));

    private static IEnumerable<string> MaxColumnsInKeys(SqlServerSchema schema) =>
        from key in Keys(schema)
        from column in key.Columns
        let type = key.Table.Columns[column].StoreType
        where MaxBytes(type) is null
        select $"{key.Table.Name}.{key.Name}: {column} is {type}, which SQL Server cannot use in a key or index";

    private static IEnumerable<string> OversizedKeys(SqlServerSchema schema)
    {
        foreach (var key in Keys(schema))
        {
            var sizes = key.Columns.Select(c => MaxBytes(key.Table.Columns[c].StoreType)).ToList();
            if (sizes.All(s => s is not null) && sizes.Sum() is > MaxKeyBytes and var bytes)
            {
                yield return $"{key.Table.Name}.{key.Name}: its key may take {bytes} bytes, more than SQL Server's {MaxKeyBytes}";
            }
        }
    }

    /// <summary>
    /// SQL Server counts every foreign key whose delete does something (cascade, set null, set default) as a cascading
    /// path from the principal to the dependent table, and refuses a second path between the same two tables or a cycle.
    /// </summary>
    private static List<string> CascadePaths(SqlServerSchema schema)
    {
        var edges = schema.Tables.Values
            .SelectMany(t => t.ForeignKeys.Values
                .Where(f => f.OnDelete is ReferentialAction.Cascade or ReferentialAction.SetNull or ReferentialAction.SetDefault)
                .Select(f => (Principal: f.PrincipalTable, Dependent: t.Name, f.Name)))
            .ToLookup(e => e.Principal, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var start in schema.Tables.Keys.Order(StringComparer.Ordinal))
        {
            var paths = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            Walk(start, [start], []);

            void Walk(string table, List<string> tables, List<string> keys)
            {
                foreach (var edge in edges[table])
                {
                    var via = keys.Append(edge.Name).ToList();
                    if (edge.Dependent == start)
                    {
                        problems.Add($"cascade cycle from {start}: {string.Join(" -> ", via)}");
                        continue;
                    }

                    if (tables.Contains(edge.Dependent))
                    {
                        continue; // a cycle through other tables; reported when the walk starts there
                    }

                    if (paths.TryGetValue(edge.Dependent, out var first))
                    {
                        problems.Add($"more than one cascading path from {start} to {edge.Dependent}: {string.Join(" -> ", first)} and {string.Join(" -> ", via)}");
                        continue;
                    }

                    paths[edge.Dependent] = via;
                    Walk(edge.Dependent, [.. tables, edge.Dependent], via);
                }
            }
        }

        return problems;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_]+)(\s*\((?<size>max|\d+)(\s*,\s*\d+)?\))?$", RegexOptions.IgnoreCase)]
    private static partial Regex TypePattern();
}
