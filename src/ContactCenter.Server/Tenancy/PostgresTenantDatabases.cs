using System.Collections.Concurrent;
using ContactCenter.Data;
using ContactCenter.Data.Tenant;
using Npgsql;

namespace ContactCenter.Server.Tenancy;

/// <summary>
/// One PostgreSQL database per tenant, on the server the catalog names. One small connection pool
/// (<see cref="NpgsqlDataSource"/>) per tenant database, disposed when the tenant is dropped; rebuilt when the tenant's
/// record names another server or database (it was moved or restored, here or by another instance).
/// </summary>
public sealed class PostgresTenantDatabases(DatabaseSettings settings) : ITenantDatabases, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, Lazy<Pool>> _dataSources = new();

    public string DefaultServer => settings.Postgres.DefaultServer;

    public string DatabaseNameFor(Guid tenantId) => settings.Postgres.DatabasePrefix + tenantId.ToString("N");

    public TenantDbContext Open(TenantRecord tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var pool = _dataSources.GetOrAdd(tenant.Id, _ => new Lazy<Pool>(() => Build(tenant)));
        while (!pool.Value.Serves(tenant))
        {
            // The tenant moved: a pool on its old place must not serve it, so it goes and a new one takes its place.
            var replacement = new Lazy<Pool>(() => Build(tenant));
            if (_dataSources.TryUpdate(tenant.Id, replacement, pool))
            {
                pool.Value.DataSource.Dispose();
            }

            pool = _dataSources.GetOrAdd(tenant.Id, replacement);
        }

        return new TenantDbContext(TenantDbContextOptions.Builder().UseProvider(DatabaseProvider.Postgres, pool.Value.DataSource.CreateConnection()).Options);
    }

    /// <summary>Closes and forgets the tenant's connection pool; the next <see cref="Open"/> builds one from the record it is given.</summary>
    public async Task ForgetAsync(Guid tenantId)
    {
        if (_dataSources.TryRemove(tenantId, out var pool) && pool.IsValueCreated)
        {
            await pool.Value.DataSource.DisposeAsync();
        }
    }

    /// <summary>Ends every connection to the database on that server, of this instance and of all others.</summary>
    public async Task TerminateConnectionsAsync(string server, string database, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAdminConnectionAsync(server, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @database AND pid <> pg_backend_pid()";
        command.Parameters.AddWithValue("database", database);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// Makes new sessions of the database read-only (<c>default_transaction_read_only</c>), or writable again; sessions
    /// already open keep what they had, so callers end them after.
    /// </summary>
    public async Task SetReadOnlyAsync(string server, string database, bool readOnly, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAdminConnectionAsync(server, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = readOnly
            ? $"ALTER DATABASE {Quote(database)} SET default_transaction_read_only = on"
            : $"ALTER DATABASE {Quote(database)} RESET default_transaction_read_only";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Whether the database exists on that server.</summary>
    public async Task<bool> ExistsAsync(string server, string database, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAdminConnectionAsync(server, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @database)";
        command.Parameters.AddWithValue("database", database);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>An unpooled connection string to the database on that server (for tools and checks that bypass the tenant's pool).</summary>
    public string DirectConnectionString(string server, string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString(server)) { Database = database, Pooling = false }.ConnectionString;

    public async Task CreateAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAdminConnectionAsync(tenant.DatabaseServer, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {Quote(tenant.DatabaseName)}";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DropAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        await ForgetAsync(tenant.Id);
        await using var connection = await OpenAdminConnectionAsync(tenant.DatabaseServer, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {Quote(tenant.DatabaseName)} WITH (FORCE)";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in _dataSources.Values.Where(d => d.IsValueCreated))
        {
            await pool.Value.DataSource.DisposeAsync();
        }

        _dataSources.Clear();
    }

    /// <summary>The connection string of a named server (no database).</summary>
    /// <exception cref="InvalidOperationException">The server is not configured.</exception>
    public string ServerConnectionString(string server) =>
        settings.Postgres.Servers.TryGetValue(server, out var connectionString)
            ? connectionString
            : throw new InvalidOperationException($"Database server '{server}' is not configured (Database:Postgres:Servers:{server}).");

    private Pool Build(TenantRecord tenant)
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString(tenant.DatabaseServer))
        {
            Database = tenant.DatabaseName,
            MaxPoolSize = settings.Postgres.MaxPoolSizePerTenant,
            MinPoolSize = 0,
            ConnectionIdleLifetime = 60,
        };
        return new Pool(tenant.DatabaseServer, tenant.DatabaseName, NpgsqlDataSource.Create(builder.ConnectionString));
    }

    private async Task<NpgsqlConnection> OpenAdminConnectionAsync(string server, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString(server)) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private sealed record Pool(string Server, string Database, NpgsqlDataSource DataSource)
    {
        public bool Serves(TenantRecord tenant) =>
            string.Equals(Server, tenant.DatabaseServer, StringComparison.Ordinal) && string.Equals(Database, tenant.DatabaseName, StringComparison.Ordinal);
    }

    /// <summary>Database names are ours (prefix + id), but quoting keeps them identifiers whatever they hold.</summary>
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
