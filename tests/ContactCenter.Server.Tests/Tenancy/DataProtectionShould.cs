using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Tenancy;

/// <summary>Data Protection keys (which protect signing keys, cookies, reset tokens) are encrypted at rest in the catalog.</summary>
public abstract class DataProtectionShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task KeepItsKeysEncryptedWithTheConfiguredCertificate()
    {
        await server.Services.GetRequiredService<SigningKeyStore>().GetSigningCredentialsAsync(CancellationToken.None);

        var keys = await server.CatalogAsync(c => c.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync());

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        });
    }
}

public sealed class DataProtectionOnSqlite(SqliteServerFixture server) : DataProtectionShould<SqliteServerFixture>(server);

public sealed class DataProtectionOnPostgres(PostgresServerFixture server) : DataProtectionShould<PostgresServerFixture>(server);

public sealed class DataProtectionOnSqlServer(SqlServerServerFixture server) : DataProtectionShould<SqlServerServerFixture>(server.Required());
