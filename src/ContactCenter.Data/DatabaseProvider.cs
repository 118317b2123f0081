using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Data;

/// <summary>The database engines ContactCenter runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded default: one file for the catalog, one per tenant.</summary>
    Sqlite,

    /// <summary>PostgreSQL servers: a catalog database and one database per tenant.</summary>
    Postgres,

    /// <summary>SQL Server or Azure SQL (elastic pools): a catalog database and one database per tenant.</summary>
    SqlServer,
}

/// <summary>Configures a context for a provider; the only place that knows every provider's options.</summary>
public static class DatabaseProviderOptions
{
    /// <summary>The assembly with the hand-written migrations of both contexts, for every provider.</summary>
    public const string MigrationsAssembly = "ContactCenter.Migrations";

    /// <summary>Uses <paramref name="connection"/>, which the context then owns and disposes.</summary>
    public static TBuilder UseProvider<TBuilder>(this TBuilder builder, DatabaseProvider provider, DbConnection connection)
        where TBuilder : DbContextOptionsBuilder
    {
        _ = provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connection, contextOwnsConnection: true, o => o.MigrationsAssembly(MigrationsAssembly)),
            DatabaseProvider.Postgres => builder.UseNpgsql(connection, contextOwnsConnection: true, o => o.MigrationsAssembly(MigrationsAssembly)),
            DatabaseProvider.SqlServer => builder.UseSqlServer(connection, contextOwnsConnection: true, o => o.MigrationsAssembly(MigrationsAssembly)).WithSqlServerMigrations(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };
        return builder;
    }

    /// <summary>Uses a connection string; the context opens and closes its own connections.</summary>
    public static TBuilder UseProvider<TBuilder>(this TBuilder builder, DatabaseProvider provider, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        _ = provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connectionString, o => o.MigrationsAssembly(MigrationsAssembly)),
            DatabaseProvider.Postgres => builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(MigrationsAssembly)),
            DatabaseProvider.SqlServer => builder.UseSqlServer(connectionString, o => o.MigrationsAssembly(MigrationsAssembly)).WithSqlServerMigrations(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };
        return builder;
    }

    /// <summary>No connection at all: for what EF can do without a database, such as writing migration scripts.</summary>
    public static TBuilder UseProvider<TBuilder>(this TBuilder builder, DatabaseProvider provider)
        where TBuilder : DbContextOptionsBuilder
    {
        _ = provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(o => o.MigrationsAssembly(MigrationsAssembly)),
            DatabaseProvider.Postgres => builder.UseNpgsql(o => o.MigrationsAssembly(MigrationsAssembly)),
            DatabaseProvider.SqlServer => builder.UseSqlServer(o => o.MigrationsAssembly(MigrationsAssembly)).WithSqlServerMigrations(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };
        return builder;
    }

    private static DbContextOptionsBuilder WithSqlServerMigrations(this DbContextOptionsBuilder builder) =>
        builder.ReplaceService<IMigrationsSqlGenerator, SqlServerMigrationsWithoutTargetModel>();
}
