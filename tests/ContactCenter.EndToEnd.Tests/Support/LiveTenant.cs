using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.EndToEnd.Tests.Support;

/// <summary>What the mail loop tests do beside the browser: look into a tenant's database, and wait for mail to have gone its way.</summary>
public static class LiveTenant
{
    /// <summary>Runs <paramref name="work"/> on the tenant's database of the live server.</summary>
    public static async Task<T> WithAsync<T>(LiveServerFixture server, Guid tenantId, Func<TenantDbContext, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(work);
        await using var db = await server.Services.GetRequiredService<TenantDatabaseFactory>().OpenAsync(tenantId);
        return await work(db);
    }

    /// <summary>Asks until the answer is as wanted (two minutes at most: the whole solution's tests may share the cores); the server's log when it never is.</summary>
    /// <exception cref="TimeoutException">Two minutes passed.</exception>
    public static async Task<T> PollAsync<T>(LiveServerFixture server, Func<Task<T>> ask, Func<T, bool> wanted, string what)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(wanted);
        var until = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var answer = await ask();
            if (wanted(answer))
            {
                return answer;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Waited two minutes for {what}. The server logged:{Environment.NewLine}{server.Log.Text}");
            }

            await Task.Delay(250);
        }
    }
}
