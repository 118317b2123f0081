using ContactCenter.Data;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace ContactCenter.Server.Tests.MailFetching;

/// <summary>
/// A web-only server of one test class (no jobs, so it never fetches): it signs tenants up, saves their inbound accounts
/// through the API and reads their databases, while server processes of their own (<see cref="ContactCenter.Testing.ServerProcess"/>)
/// on the same catalog and tenant databases do the fetching, and are killed.
/// </summary>
public abstract class FetchProcessFixture : ServerFixture
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Jobs:Enabled", "false");
    }
}

public sealed class SqliteFetchProcessFixture : FetchProcessFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresFetchProcessFixture : FetchProcessFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
