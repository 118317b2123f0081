using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Data;

/// <summary>The database engines ContactCenter runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded default: one file for the catalog, one per tenant.</summary>
    Sqlite,

    /// <summary>PostgreSQL servers: a catalog database and one database per tenant.</summary>
    Postgres,
}

/// <summary>Configures a context for a provider; the only place that knows both providers' options.</summary>
public static class DatabaseProviderOptions
{
    /// <summary>The assembly with the hand-written migrations of both contexts.</summary>
    public const string MigrationsAssembly = "ContactCenter.Migrations";

    /// <summary>Uses <paramref name="connection"/>, which the context then owns and disposes.</summary>
    public static TBuilder UseProvider<TBuilder>(this TBuilder builder, DatabaseProvider provider, DbConnection connection)
        where TBuilder : DbContextOptionsBuilder
    {
        _ = provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connection, contextOwnsConnection: true, o => o.MigrationsAssembly(MigrationsAssembly)),
            DatabaseProvider.Postgres => builder.UseNpgsql(connection, contextOwnsConnection: true, o => o.MigrationsAssembly(MigrationsAssembly)),
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
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };
        return builder;
    }
}
