using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations;

/// <summary>The two sets of migrations: the catalog's and every tenant database's.</summary>
public enum MigrationContext
{
    Catalog,
    Tenant,
}

/// <summary>The SQL of the migrations, written without a database (for a DBA to review or run, and for tests).</summary>
public static class MigrationScripts
{
    /// <summary>
    /// Every migration of <paramref name="context"/> as one script. Idempotent (each migration checks the history table)
    /// where EF can make it so; EF cannot for SQLite, which gets the plain script from the empty database.
    /// </summary>
    public static string Generate(DatabaseProvider provider, MigrationContext context)
    {
        using var db = Open(provider, context);
        var options = IsIdempotent(provider) ? MigrationsSqlGenerationOptions.Idempotent : MigrationsSqlGenerationOptions.Default;
        return db.GetService<IMigrator>().GenerateScript(options: options);
    }

    /// <summary>Whether <see cref="Generate"/> writes an idempotent script for the provider.</summary>
    public static bool IsIdempotent(DatabaseProvider provider) => provider != DatabaseProvider.Sqlite;

    /// <summary>A context of the provider without a connection; nothing it does may need a database.</summary>
    public static DbContext Open(DatabaseProvider provider, MigrationContext context) =>
        context switch
        {
            MigrationContext.Catalog => new CatalogDbContext(new DbContextOptionsBuilder<CatalogDbContext>().UseProvider(provider).Options),
            MigrationContext.Tenant => new TenantDbContext(new DbContextOptionsBuilder<TenantDbContext>().UseProvider(provider).Options),
            _ => throw new ArgumentOutOfRangeException(nameof(context), context, "Unknown migration context."),
        };
}
