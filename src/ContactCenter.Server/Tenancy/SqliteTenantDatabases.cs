using ContactCenter.Data;
using ContactCenter.Data.Tenant;
using Microsoft.Data.Sqlite;

namespace ContactCenter.Server.Tenancy;

/// <summary>Embedded default: <c>&lt;data dir&gt;/tenants/&lt;tenant id&gt;.db</c>.</summary>
public sealed class SqliteTenantDatabases(DatabaseSettings settings) : ITenantDatabases
{
    public const string LocalServer = "local";

    private string Folder => Path.Combine(Path.GetFullPath(settings.DataDirectory), "tenants");

    public string DefaultServer => LocalServer;

    public string DatabaseNameFor(Guid tenantId) => tenantId.ToString("N");

    public TenantDbContext Open(TenantRecord tenant) =>
        new(TenantDbContextOptions.Builder().UseProvider(DatabaseProvider.Sqlite, ConnectionString(tenant)).Options);

    public async Task CreateAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        await using var connection = new SqliteConnection(ConnectionString(tenant));
        await connection.OpenAsync(cancellationToken);
        await SqliteDatabase.UseWriteAheadLogAsync(connection, cancellationToken);
    }

    public Task DropAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        using (var connection = new SqliteConnection(ConnectionString(tenant)))
        {
            SqliteConnection.ClearPool(connection);
        }

        var file = FileOf(tenant);
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }

    /// <summary>The tenant's database file.</summary>
    /// <exception cref="InvalidOperationException">The recorded name is no plain file name.</exception>
    public string FileOf(TenantRecord tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        // The name comes from the catalog, but a file name must never climb out of the tenants folder.
        if (tenant.DatabaseName.Length == 0 || tenant.DatabaseName.IndexOfAny([.. Path.GetInvalidFileNameChars(), '.']) >= 0)
        {
            throw new InvalidOperationException($"Tenant '{tenant.Slug}' has an invalid database name.");
        }

        return Path.Combine(Folder, tenant.DatabaseName + ".db");
    }

    /// <summary>The (pooled) connection string of the tenant's database file.</summary>
    public string ConnectionString(TenantRecord tenant) => SqliteDatabase.ConnectionString(FileOf(tenant));
}

internal static class SqliteDatabase
{
    /// <summary>Pooled connections; waits up to 30 s for the one writer instead of failing with "database is locked".</summary>
    public static string ConnectionString(string file) =>
        new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString();

    /// <summary>Readers no longer block the writer; the mode is stored in the file.</summary>
    public static async Task UseWriteAheadLogAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
