using ContactCenter.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ContactCenter.Migrations.Tests.SqlServer;

/// <summary>
/// The migrations on SQL Server, checked without a server (none runs here): the schema they build is the one EF's SQL
/// Server model describes, SQL Server accepts it, and the scripts are T-SQL.
/// </summary>
public sealed class SqlServerScriptShould
{
    public static readonly TheoryData<MigrationContext> Contexts = [MigrationContext.Catalog, MigrationContext.Tenant];

    [Theory]
    [MemberData(nameof(Contexts))]
    public void BuildTheSchemaOfTheSqlServerModel(MigrationContext context)
    {
        using var db = MigrationScripts.Open(DatabaseProvider.SqlServer, context);

        var fromMigrations = SqlServerSchema.FromMigrations(db).Describe();
        var fromModel = SqlServerSchema.FromModel(db.GetService<IDesignTimeModel>().Model).Describe();

        Assert.NotEmpty(fromModel);
        Assert.Equal(fromModel, fromMigrations);
    }

    [Theory]
    [MemberData(nameof(Contexts))]
    public void BuildASchemaSqlServerAccepts(MigrationContext context)
    {
        using var db = MigrationScripts.Open(DatabaseProvider.SqlServer, context);

        Assert.Empty(SqlServerRules.Check(SqlServerSchema.FromMigrations(db)));
        Assert.Empty(SqlServerRules.Check(SqlServerSchema.FromModel(db.GetService<IDesignTimeModel>().Model)));
    }

    [Theory]
    [MemberData(nameof(Contexts))]
    public void UseOnlySqlServerTypes(MigrationContext context)
    {
        using var db = MigrationScripts.Open(DatabaseProvider.SqlServer, context);
        var schema = SqlServerSchema.FromMigrations(db);

        // MaxBytes knows SQL Server's types only: a PostgreSQL or SQLite type (uuid, boolean, TEXT) fails here.
        foreach (var column in schema.Tables.Values.SelectMany(t => t.Columns.Values))
        {
            _ = SqlServerRules.MaxBytes(column.StoreType);
        }

        foreach (var insert in SqlServerSchema.MigrationsOf(db).SelectMany(m => m.UpOperations).OfType<InsertDataOperation>())
        {
            Assert.NotNull(insert.ColumnTypes);
            Assert.All(insert.ColumnTypes, type => SqlServerRules.MaxBytes(type));
        }
    }

    [Fact]
    public void GiveTheCatalogItsSqlServerTypesAndKeys()
    {
        using var db = MigrationScripts.Open(DatabaseProvider.SqlServer, MigrationContext.Catalog);
        var schema = SqlServerSchema.FromMigrations(db);

        Assert.Equal("uniqueidentifier", schema.Table("Tenants").Columns["Id"].StoreType);
        Assert.Equal("nvarchar(40)", schema.Table("Tenants").Columns["Slug"].StoreType);
        Assert.Equal("datetime2", schema.Table("Tenants").Columns["CreatedAt"].StoreType);
        Assert.Equal("bit", schema.Table("Tenants").Columns["AllowsSignInForAllTenants"].StoreType);
        Assert.Equal("datetimeoffset", schema.Table("AspNetUsers").Columns["LockoutEnd"].StoreType);
        Assert.Equal("nvarchar(max)", schema.Table("DataProtectionKeys").Columns["Xml"].StoreType);
        Assert.Equal(["LoginProvider", "ProviderKey"], schema.Table("AspNetUserLogins").PrimaryKey!.Columns);
        Assert.Equal("nvarchar(128)", schema.Table("AspNetUserLogins").Columns["ProviderKey"].StoreType);
        Assert.Equal(ReferentialAction.NoAction, schema.Table("EscalationPartners").ForeignKeys["FK_EscalationPartners_Tenants_SourceTenantId"].OnDelete);
        Assert.Equal("[NormalizedUserName] IS NOT NULL", schema.Table("AspNetUsers").Indexes["UserNameIndex"].Filter);

        var script = MigrationScripts.Generate(DatabaseProvider.SqlServer, MigrationContext.Catalog);
        Assert.Contains("[Id] int NOT NULL IDENTITY,", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Tenants_Slug] ON [Tenants] ([Slug]);", script, StringComparison.Ordinal);
    }

    [Fact]
    public void GiveTenantDatabasesTheirSqlServerTypesAndIndexes()
    {
        using var db = MigrationScripts.Open(DatabaseProvider.SqlServer, MigrationContext.Tenant);
        var schema = SqlServerSchema.FromMigrations(db);

        Assert.Equal("varbinary(max)", schema.Table("PreparedAttachments").Columns["Content"].StoreType);
        Assert.Equal("bigint", schema.Table("Roles").Columns["Permissions"].StoreType);
        Assert.Equal("nvarchar(max)", schema.Table("Settings").Columns["BusinessHoursJson"].StoreType);
        Assert.Equal("[BuiltIn] IS NOT NULL", schema.Table("Roles").Indexes["IX_Roles_BuiltIn"].Filter);
        Assert.Null(schema.Table("Roles").Indexes["IX_Roles_Name"].Filter);
        Assert.Equal(["CategoryId", "Name"], schema.Table("AnswerTemplates").Indexes["IX_AnswerTemplates_CategoryId_Name"].Columns);
        Assert.DoesNotContain("TemplateBody", schema.Table("CategoryProfiles").Columns.Keys);
    }

    /// <summary>
    /// SQL Server compiles a whole batch before running it: raw SQL naming a column that the batch adds (or a later
    /// migration drops) must go through EXEC, or the idempotent script fails on databases that are already up to date.
    /// </summary>
    [Theory]
    [MemberData(nameof(Contexts))]
    public void RunRawSqlThroughExec(MigrationContext context)
    {
        using var db = MigrationScripts.Open(DatabaseProvider.SqlServer, context);
        var raw = SqlServerSchema.MigrationsOf(db).SelectMany(m => m.UpOperations.Concat(m.DownOperations)).OfType<SqlOperation>().ToList();

        Assert.All(raw, sql =>
        {
            Assert.StartsWith("EXEC(N'", sql.Sql, StringComparison.Ordinal);
            Assert.Empty(ParseErrors(Unwrapped(sql.Sql)));
        });
    }

    [Theory]
    [MemberData(nameof(Contexts))]
    public void WriteScriptsThatParseAsTransactSql(MigrationContext context)
    {
        var idempotent = MigrationScripts.Generate(DatabaseProvider.SqlServer, context);
        using var db = MigrationScripts.Open(DatabaseProvider.SqlServer, context);
        var plain = db.GetService<IMigrator>().GenerateScript();

        Assert.Contains("IF NOT EXISTS", idempotent, StringComparison.Ordinal);
        Assert.Empty(ParseErrors(idempotent));
        Assert.Empty(ParseErrors(plain));
    }

    /// <summary>
    /// Without a target model EF's SQL Server generator would filter every unique index on all its columns; the script
    /// has each unique index exactly as the schema (and so the model) has it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Contexts))]
    public void FilterOnlyTheUniqueIndexesTheModelFilters(MigrationContext context)
    {
        var script = MigrationScripts.Generate(DatabaseProvider.SqlServer, context);
        using var db = MigrationScripts.Open(DatabaseProvider.SqlServer, context);
        var unique = SqlServerSchema.FromMigrations(db).Tables.Values
            .SelectMany(t => t.Indexes.Values.Where(i => i.IsUnique).Select(i => (Table: t.Name, Index: i)))
            .ToList();

        Assert.NotEmpty(unique);
        Assert.All(unique, u =>
        {
            var create = $"CREATE UNIQUE INDEX [{u.Index.Name}] ON [{u.Table}] ({string.Join(", ", u.Index.Columns.Select(c => $"[{c}]"))})";
            Assert.Contains(u.Index.Filter is null ? create + ";" : $"EXEC(N'{create} WHERE {u.Index.Filter}')", script, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void CatchWhatTheParserIsForInTheScripts()
    {
        Assert.NotEmpty(ParseErrors("""SELECT c."Id" FROM "Classifications" c ORDER BY c."Name" LIMIT 1"""));
        Assert.Empty(ParseErrors("""SELECT TOP 1 c."Id" FROM "Classifications" c ORDER BY c."Name" """));
    }

    private static string Unwrapped(string exec) => exec["EXEC(N'".Length..^"');".Length].Replace("''", "'", StringComparison.Ordinal);

    /// <summary>The T-SQL parser's errors; quoted identifiers as SqlClient connections have them (QUOTED_IDENTIFIER ON).</summary>
    public static IReadOnlyList<string> ParseErrors(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors.Select(e => $"line {e.Line}: {e.Message}").ToList();
    }
}
