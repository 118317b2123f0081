using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ContactCenter.Benchmarks.Tenancy;

/// <summary>What a load script leaves on PostgreSQL: every tenant database of its catalog, then the catalog.</summary>
internal static class LoadDatabases
{
    public static async Task DropPostgresAsync(IServiceProvider services, string? postgres, string catalogDatabase)
    {
        var databases = services.GetRequiredService<ITenantDatabases>();
        await using (var scope = services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            foreach (var tenant in await catalog.Tenants.AsNoTracking().ToListAsync())
            {
                await databases.DropAsync(TenantRecord.From(tenant), CancellationToken.None);
            }
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{catalogDatabase}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }
}
