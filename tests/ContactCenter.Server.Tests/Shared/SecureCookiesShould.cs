using ContactCenter.Server.Tests.Support;
using ContactCenter.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContactCenter.Server.Tests.Shared;

/// <summary>With an https public origin every cookie is Secure and HSTS is sent; with an http one neither.</summary>
public sealed class SecureCookiesShould(SqliteServerFixture plainServer)
{
    [Fact]
    public async Task MarkEveryCookieSecureAndSendHstsWhenThePublicOriginIsHttps()
    {
        await using var server = new HttpsHost();
        using var client = server.CreateClient();

        using var page = await client.GetAsync("/signup");

        var cookies = page.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("max-age=31536000", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task LeaveThemAloneWhenThePublicOriginIsHttp()
    {
        using var client = plainServer.CreateClient();

        using var page = await client.GetAsync("/signup");

        Assert.All(page.Headers.GetValues("Set-Cookie"), cookie => Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
    }

    private sealed class HttpsHost : WebApplicationFactory<Program>
    {
        private readonly string _data = TestFolders.Create();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:DataDirectory", _data);
            builder.UseSetting("Hosting:PublicOrigin", "https://cc.example.com");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_data, recursive: true);
        }
    }
}
