using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tenancy;

/// <summary>
/// Which database server a new tenant goes to: <c>Database:&lt;provider&gt;:DefaultServer</c>, a configured server's name or
/// <see cref="LeastTenants"/>, the configured server with the fewest tenants in the catalog (ties: the first in
/// configuration order, which .NET configuration gives sorted by key).
/// </summary>
public sealed class TenantPlacement(DatabaseSettings settings, CatalogDbContext catalog)
{
    public const string LeastTenants = "least-tenants";

    /// <summary>The server a tenant created now is placed on.</summary>
    /// <exception cref="TenantPlacementException">The default server names no configured server, or none is configured.</exception>
    public async Task<string> ChooseServerAsync(CancellationToken cancellationToken)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            return SqliteTenantDatabases.LocalServer;
        }

        var servers = settings.ServerSettings();
        CheckDefaultServer(settings);
        if (!IsLeastTenants(servers.DefaultServer))
        {
            return servers.DefaultServer;
        }

        var counts = await CountsAsync(cancellationToken);
        // MinBy keeps the first of equal counts: configuration order decides ties.
        return servers.Servers.Keys.MinBy(server => counts.GetValueOrDefault(server))!;
    }

    /// <summary>Every configured server with the number of tenants the catalog places on it, in configuration order.</summary>
    public async Task<IReadOnlyList<(string Server, int Tenants)>> ServersAsync(CancellationToken cancellationToken)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            return [(SqliteTenantDatabases.LocalServer, await catalog.Tenants.CountAsync(cancellationToken))];
        }

        var counts = await CountsAsync(cancellationToken);
        return settings.ServerSettings().Servers.Keys.Select(server => (server, counts.GetValueOrDefault(server))).ToList();
    }

    /// <summary>Refuses a default server that names no configured server; run at start-up and before each placement.</summary>
    /// <exception cref="TenantPlacementException">The default server is neither configured nor <see cref="LeastTenants"/>.</exception>
    public static void CheckDefaultServer(DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            return;
        }

        var servers = settings.ServerSettings();
        var section = $"Database:{settings.Provider}";
        if (servers.Servers.Count == 0)
        {
            throw new TenantPlacementException($"No database server is configured for tenants: add one under {section}:Servers:<name>.");
        }

        if (!IsLeastTenants(servers.DefaultServer) && !servers.Servers.ContainsKey(servers.DefaultServer))
        {
            throw new TenantPlacementException(
                $"{section}:DefaultServer is '{servers.DefaultServer}', which is not configured under {section}:Servers " +
                $"(configured: {string.Join(", ", servers.Servers.Keys)}); name one of them or '{LeastTenants}'.");
        }
    }

    internal static bool IsLeastTenants(string server) => string.Equals(server, LeastTenants, StringComparison.OrdinalIgnoreCase);

    private async Task<Dictionary<string, int>> CountsAsync(CancellationToken cancellationToken) =>
        await catalog.Tenants.GroupBy(t => t.DatabaseServer)
            .Select(g => new { Server = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Server, g => g.Count, cancellationToken);
}

/// <summary>The configuration names no server a tenant can be placed on.</summary>
public sealed class TenantPlacementException(string message) : InvalidOperationException(message);
