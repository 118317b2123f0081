using System.Net;
using ContactCenter.Data;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ContactCenter.Server.Tests.MailFetching;

/// <summary>The database gone for a while: PostgreSQL behind a proxy that is cut, SQLite's tenant files locked.</summary>
public abstract class DatabaseOutage : IAsyncDisposable
{
    public static DatabaseOutage For(ServerFixture server) =>
        server.Provider == DatabaseProvider.Postgres ? new PostgresOutage() : new SqliteOutage(server);

    /// <summary>The server process's settings, routed through the outage where it needs to.</summary>
    public abstract Dictionary<string, string> Settings(Dictionary<string, string> settings);

    public abstract Task BeginAsync();

    public abstract Task EndAsync();

    public abstract ValueTask DisposeAsync();
}

internal sealed class PostgresOutage : DatabaseOutage
{
    private readonly CuttingProxy _proxy;

    public PostgresOutage()
    {
        var direct = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString);
        _proxy = new CuttingProxy(new IPEndPoint(IPAddress.Parse(direct.Host!), direct.Port));
    }

    public override Dictionary<string, string> Settings(Dictionary<string, string> settings)
    {
        foreach (var key in new[] { "Database:Postgres:Servers:main", "Database:Postgres:Catalog" })
        {
            settings[key] = new NpgsqlConnectionStringBuilder(settings[key]) { Host = "127.0.0.1", Port = _proxy.Port }.ConnectionString;
        }

        return settings;
    }

    public override Task BeginAsync()
    {
        _proxy.Cut();
        return Task.CompletedTask;
    }

    public override Task EndAsync()
    {
        _proxy.Mend();
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync() => _proxy.DisposeAsync();
}

/// <summary>Holds every tenant database file of the fixture in an exclusive transaction.</summary>
internal sealed class SqliteOutage(ServerFixture server) : DatabaseOutage
{
    private readonly List<SqliteConnection> _locks = [];

    public override Dictionary<string, string> Settings(Dictionary<string, string> settings) => settings;

    public override async Task BeginAsync()
    {
        foreach (var database in await server.TenantDatabasesAsync())
        {
            var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "tenants", database + ".db")};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "BEGIN EXCLUSIVE;";
            await command.ExecuteNonQueryAsync();
            _locks.Add(connection);
        }
    }

    public override async Task EndAsync()
    {
        foreach (var connection in _locks)
        {
            await connection.DisposeAsync();
        }

        _locks.Clear();
    }

    public override async ValueTask DisposeAsync() => await EndAsync();
}
