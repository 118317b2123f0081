using System.Collections.Concurrent;
using ContactCenter.Data;
using ContactCenter.Data.Tenant;
using Npgsql;

namespace ContactCenter.Server.Tenancy;

/// <summary>
/// One PostgreSQL database per tenant, on the server the catalog names. One small connection pool
/// (<see cref="NpgsqlDataSource"/>) per tenant database, disposed when the tenant is dropped.
/// </summary>
public sealed class PostgresTenantDatabases(DatabaseSettings settings) : ITenantDatabases, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, Lazy<NpgsqlDataSource>> _dataSources = new();

    public string DefaultServer => settings.Postgres.DefaultServer;

    public string DatabaseNameFor(Guid tenantId) => settings.Postgres.DatabasePrefix + tenantId.ToString("N");

    public TenantDbContext Open(TenantRecord tenant)
    {
        var dataSource = _dataSources.GetOrAdd(tenant.Id, _ => new Lazy<NpgsqlDataSource>(() => Build(tenant))).Value;
        return new TenantDbContext(TenantDbContextOptions.Builder().UseProvider(DatabaseProvider.Postgres, dataSource.CreateConnection()).Options);
    }

    public async Task CreateAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAdminConnectionAsync(tenant.DatabaseServer, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {Quote(tenant.DatabaseName)}";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DropAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        if (_dataSources.TryRemove(tenant.Id, out var dataSource) && dataSource.IsValueCreated)
        {
            await dataSource.Value.DisposeAsync();
        }

        await using var connection = await OpenAdminConnectionAsync(tenant.DatabaseServer, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {Quote(tenant.DatabaseName)} WITH (FORCE)";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources.Values.Where(d => d.IsValueCreated))
        {
            await dataSource.Value.DisposeAsync();
        }

        _dataSources.Clear();
    }

    /// <summary>The connection string of a named server (no database).</summary>
    /// <exception cref="InvalidOperationException">The server is not configured.</exception>
    public string ServerConnectionString(string server) =>
        settings.Postgres.Servers.TryGetValue(server, out var connectionString)
            ? connectionString
            : throw new InvalidOperationException($"Database server '{server}' is not configured (Database:Postgres:Servers:{server}).");

    private NpgsqlDataSource Build(TenantRecord tenant)
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString(tenant.DatabaseServer))
        {
            Database = tenant.DatabaseName,
            MaxPoolSize = settings.Postgres.MaxPoolSizePerTenant,
            MinPoolSize = 0,
            ConnectionIdleLifetime = 60,
        };
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    private async Task<NpgsqlConnection> OpenAdminConnectionAsync(string server, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString(server)) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Database names are ours (prefix + id), but quoting keeps them identifiers whatever they hold.</summary>
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
