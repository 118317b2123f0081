using System.Collections.Concurrent;
using ContactCenter.Data;
using ContactCenter.Data.Tenant;
using Microsoft.Data.SqlClient;

namespace ContactCenter.Server.Tenancy;

/// <summary>
/// One SQL Server (or Azure SQL) database per tenant, on the server the catalog names. SqlClient pools connections per
/// connection string, so each tenant database gets one small pool of its own, cleared when the tenant is dropped.
/// </summary>
public sealed class SqlServerTenantDatabases(DatabaseSettings settings) : ITenantDatabases
{
    private readonly ConcurrentDictionary<Guid, string> _connectionStrings = new();

    public string DefaultServer => settings.SqlServer.DefaultServer;

    public string DatabaseNameFor(Guid tenantId) => settings.SqlServer.DatabasePrefix + tenantId.ToString("N");

    public TenantDbContext Open(TenantRecord tenant) =>
        new(TenantDbContextOptions.Builder().UseProvider(DatabaseProvider.SqlServer, ConnectionString(tenant)).Options);

    public async Task CreateAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        // CREATE DATABASE takes no parameters; the names go in through QUOTENAME, built on the server. On Azure SQL a
        // database outside a pool would get a service tier (and a bill) of its own.
        await ExecuteOnMasterAsync(tenant, """
            DECLARE @sql nvarchar(max) = N'CREATE DATABASE ' + QUOTENAME(@name);
            IF @pool IS NOT NULL
                SET @sql = @sql + N' (SERVICE_OBJECTIVE = ELASTIC_POOL(name = ' + QUOTENAME(@pool) + N'))';
            EXEC sp_executesql @sql;
            """, cancellationToken);
    }

    public async Task DropAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        if (_connectionStrings.TryRemove(tenant.Id, out var connectionString))
        {
            using var pooled = new SqlConnection(connectionString);
            SqlConnection.ClearPool(pooled);
        }

        // Connections of other instances would block the drop: SQL Server closes them with SINGLE_USER, which Azure SQL
        // Database (engine edition 5) does not have; there a drop waits for nothing and fails while one is open.
        await ExecuteOnMasterAsync(tenant, """
            IF DB_ID(@name) IS NOT NULL
            BEGIN
                DECLARE @sql nvarchar(max);
                IF CONVERT(int, SERVERPROPERTY('EngineEdition')) <> 5
                BEGIN
                    SET @sql = N'ALTER DATABASE ' + QUOTENAME(@name) + N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE';
                    EXEC sp_executesql @sql;
                END;
                SET @sql = N'DROP DATABASE ' + QUOTENAME(@name);
                EXEC sp_executesql @sql;
            END;
            """, cancellationToken);
    }

    /// <summary>The connection string of a named server (no database).</summary>
    /// <exception cref="InvalidOperationException">The server is not configured.</exception>
    public string ServerConnectionString(string server) =>
        settings.SqlServer.Servers.TryGetValue(server, out var connectionString)
            ? connectionString
            : throw new InvalidOperationException($"Database server '{server}' is not configured (Database:SqlServer:Servers:{server}).");

    private string ConnectionString(TenantRecord tenant) =>
        _connectionStrings.GetOrAdd(tenant.Id, _ => new SqlConnectionStringBuilder(ServerConnectionString(tenant.DatabaseServer))
        {
            InitialCatalog = tenant.DatabaseName,
            MaxPoolSize = settings.SqlServer.MaxPoolSizePerTenant,
            MinPoolSize = 0,
        }.ConnectionString);

    private async Task ExecuteOnMasterAsync(TenantRecord tenant, string sql, CancellationToken cancellationToken)
    {
        var builder = new SqlConnectionStringBuilder(ServerConnectionString(tenant.DatabaseServer)) { InitialCatalog = "master", Pooling = false };
        await using var connection = new SqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new SqlParameter("@name", System.Data.SqlDbType.NVarChar, 128) { Value = tenant.DatabaseName });
        command.Parameters.Add(new SqlParameter("@pool", System.Data.SqlDbType.NVarChar, 128)
        {
            Value = string.IsNullOrWhiteSpace(settings.SqlServer.ElasticPool) ? DBNull.Value : settings.SqlServer.ElasticPool,
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
