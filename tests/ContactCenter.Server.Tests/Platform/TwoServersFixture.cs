using ContactCenter.Data;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Testing;
using Microsoft.AspNetCore.Hosting;

namespace ContactCenter.Server.Tests.Platform;

/// <summary>
/// A PostgreSQL server of one test class with two database servers for tenants: <c>main</c> (the first cluster, with the
/// catalog) and <c>second</c> (the second cluster); new tenants are placed by <c>least-tenants</c>. It fetches mail as
/// the fetch tests' server does (every 2 s), for the tenants that have accounts.
/// </summary>
public sealed class TwoServersFixture : ServerFixture
{
    public const string Main = "main";
    public const string Second = "second";

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    /// <summary>Whether the database exists on the named server.</summary>
    public static async Task<bool> DatabaseExistsOnAsync(string server, string database) =>
        (server == Second ? await SecondPostgresServer.DatabasesAsync(database) : await PostgresServer.DatabasesAsync(database)).Contains(database);

    /// <summary>The unpooled connection string of a database on the named server.</summary>
    public static string ConnectionStringOn(string server, string database) =>
        new Npgsql.NpgsqlConnectionStringBuilder(server == Second ? SecondPostgresServer.ConnectionString : PostgresServer.ConnectionString)
        {
            Database = database,
            Pooling = false,
        }.ConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:Postgres:Servers:second", SecondPostgresServer.ConnectionString);
        builder.UseSetting("Database:Postgres:DefaultServer", "least-tenants");
        builder.UseSetting("Mail:FetchEnabled", "true");
        builder.UseSetting("Mail:FetchInterval", "00:00:02");
        builder.UseSetting("Mail:FetchLease", "00:00:05");
        builder.UseSetting("Mail:DirectorySyncInterval", "00:00:03");
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var database in await SecondPostgresServer.DatabasesAsync(DatabasePrefix))
        {
            await SecondPostgresServer.DropDatabaseAsync(database);
        }

        await base.DisposeAsync();
    }
}
