using ContactCenter.Data;

namespace ContactCenter.Server.Tenancy;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseSettings
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default, embedded), <c>Postgres</c> or <c>SqlServer</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQLite: folder of <c>catalog.db</c> and <c>tenants/&lt;id&gt;.db</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The <c>Database:Postgres</c> section.</summary>
    public DatabaseServerSettings Postgres { get; set; } = new();

    /// <summary>The <c>Database:SqlServer</c> section (SQL Server, Azure SQL).</summary>
    public SqlServerSettings SqlServer { get; set; } = new();

    /// <summary>The section of the configured server provider (a method, so configuration binding never calls it).</summary>
    /// <exception cref="InvalidOperationException">The provider is SQLite, which has no servers.</exception>
    public DatabaseServerSettings ServerSettings() => Provider switch
    {
        DatabaseProvider.Postgres => Postgres,
        DatabaseProvider.SqlServer => SqlServer,
        _ => throw new InvalidOperationException($"Database provider {Provider} has no database servers."),
    };
}

/// <summary>
/// <c>Database:Postgres</c> or <c>Database:SqlServer</c>: the catalog database and the servers tenant databases live on.
/// </summary>
public class DatabaseServerSettings
{
    /// <summary>The database the catalog lives in when <see cref="Catalog"/> is not set: on the default server.</summary>
    public const string DefaultCatalogDatabase = "contactcenter_catalog";

    /// <summary>Connection string of the catalog database; by default database <c>contactcenter_catalog</c> on the default server.</summary>
    public string? Catalog { get; set; }

    /// <summary>Named server connections (connection strings without a database); tenants record the name of theirs.</summary>
    public Dictionary<string, string> Servers { get; set; } = [];

    /// <summary>
    /// The server new tenants are created on: a name under <see cref="Servers"/>, or <c>least-tenants</c> for the one with
    /// the fewest tenants (<see cref="TenantPlacement"/>). A name that is not configured stops the start.
    /// </summary>
    public string DefaultServer { get; set; } = "main";

    /// <summary>Tenant databases are named this prefix plus the tenant id.</summary>
    public string DatabasePrefix { get; set; } = "cc_tenant_";

    /// <summary>Connections kept per tenant database; small, because there are many tenants.</summary>
    public int MaxPoolSizePerTenant { get; set; } = 10;
}

/// <summary><c>Database:SqlServer</c>: the servers' settings, and where Azure SQL puts new tenant databases.</summary>
public sealed class SqlServerSettings : DatabaseServerSettings
{
    /// <summary>Azure SQL: the elastic pool new tenant databases are created in; empty creates them with the server's defaults.</summary>
    public string? ElasticPool { get; set; }
}
