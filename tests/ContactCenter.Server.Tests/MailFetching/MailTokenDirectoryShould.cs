using System.Text;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Platform;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.MailFetching;

/// <summary>
/// The catalog's directory of request tokens, by which mail at a global system account finds its tenant: registering
/// is idempotent, every header a token travels in is read, the most trusted wins, and hostile input finds nothing.
/// </summary>
public abstract class MailTokenDirectoryShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task RegisterATokenAgainAndAtOnceWithoutComplaint()
    {
        var tenant = await NewTenantAsync();
        var token = RequestTokens.NewToken();

        await WithDirectoryAsync(d => d.RegisterAsync(tenant, token, CancellationToken.None));
        await WithDirectoryAsync(d => d.RegisterAsync(tenant, token, CancellationToken.None));
        var racing = RequestTokens.NewToken();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => WithDirectoryAsync(d => d.RegisterAsync(tenant, racing, CancellationToken.None))));

        var rows = await server.CatalogAsync(c => c.MailTokens.AsNoTracking().Where(t => t.TenantId == tenant).ToListAsync());
        Assert.Equal(new[] { racing, token }.Order(StringComparer.Ordinal), rows.Select(r => r.Token).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("In-Reply-To: <cc.{0}.abcdefgh@cc.example>")]
    [InlineData("References: <first@example.com> <cc.{0}.abcdefgh@cc.example>\r\n <later@example.com>")]
    [InlineData("To: Support <support+{0}@cc.example>")]
    [InlineData("To: someone@example.com\r\nCc: \"Support\" <Support+{0}@CC.example>, other@example.com")]
    [InlineData("Delivered-To: support+{0}@cc.example")]
    [InlineData("X-Original-To: <support+{0}@cc.example>")]
    public async Task FindTheTenantByATokenInAnyHeaderItTravelsIn(string header)
    {
        var tenant = await NewTenantAsync();
        var token = RequestTokens.NewToken();
        await WithDirectoryAsync(d => d.RegisterAsync(tenant, token, CancellationToken.None));
        var raw = Mail(string.Format(System.Globalization.CultureInfo.InvariantCulture, header, token));

        Assert.Equal(tenant, await WithDirectoryAsync(d => d.FindTenantAsync(raw, CancellationToken.None)));
        Assert.Equal(tenant, await WithDirectoryAsync(d => d.FindTenantAsync(Mail(string.Format(System.Globalization.CultureInfo.InvariantCulture, header, token.ToUpperInvariant())), CancellationToken.None)));
    }

    [Fact]
    public async Task TrustTheIdsOfOurMessagesBeforeTheAddresses()
    {
        var first = await NewTenantAsync();
        var second = await NewTenantAsync();
        var (answered, referenced, addressed) = (RequestTokens.NewToken(), RequestTokens.NewToken(), RequestTokens.NewToken());
        await WithDirectoryAsync(async d =>
        {
            await d.RegisterAsync(first, answered, CancellationToken.None);
            await d.RegisterAsync(second, referenced, CancellationToken.None);
            await d.RegisterAsync(second, addressed, CancellationToken.None);
            return 0;
        });

        var replied = Mail($"To: support+{addressed}@cc.example\r\nReferences: <cc.{referenced}.aaaa@cc.example>\r\nIn-Reply-To: <cc.{answered}.bbbb@cc.example>");
        var referencing = Mail($"To: support+{addressed}@cc.example\r\nReferences: <cc.{answered}.aaaa@cc.example> <cc.{referenced}.bbbb@cc.example>");
        var unknownFirst = Mail($"In-Reply-To: <cc.{RequestTokens.NewToken()}.cccc@cc.example>\r\nTo: support+{answered}@cc.example");

        Assert.Equal(first, await WithDirectoryAsync(d => d.FindTenantAsync(replied, CancellationToken.None)));
        // References run oldest to newest: the newest reference is the nearer one.
        Assert.Equal(second, await WithDirectoryAsync(d => d.FindTenantAsync(referencing, CancellationToken.None)));
        Assert.Equal(first, await WithDirectoryAsync(d => d.FindTenantAsync(unknownFirst, CancellationToken.None)));
    }

    [Fact]
    public async Task FindNothingInUnknownTokensGarbageAndMessagesWithoutHeaders()
    {
        var tenant = await NewTenantAsync();
        var token = RequestTokens.NewToken();
        await WithDirectoryAsync(d => d.RegisterAsync(tenant, token, CancellationToken.None));
        var garbage = new byte[64 * 1024];
        new Random(12).NextBytes(garbage);
        var inputs = new List<byte[]>
        {
            Mail($"In-Reply-To: <cc.{RequestTokens.NewToken()}.abcd@cc.example>\r\nTo: support+{RequestTokens.NewToken()}@cc.example"),
            Mail($"Subject: support+{token}@cc.example <cc.{token}.abcd@cc.example>"),
            garbage,
            Array.Empty<byte>(),
            new byte[10_000],
            Encoding.UTF8.GetBytes($"\r\n\r\nIn-Reply-To: <cc.{token}.abcd@cc.example>\r\n"),
            Encoding.UTF8.GetBytes($"this is not a header\r\nIn-Reply-To: <cc.{token}.abcd@cc.example>\r\n\r\n"),
            // The token only past the part of a huge header block that is read.
            Encoding.UTF8.GetBytes($"X-Padding: {new string('a', MailTokenDirectory.HeaderBytesMax)}\r\nIn-Reply-To: <cc.{token}.abcd@cc.example>\r\n\r\nbody"),
            Encoding.UTF8.GetBytes($"To: {string.Concat(Enumerable.Repeat("(((", 20_000))}support+{token}@cc.example\r\n\r\n"),
        };

        foreach (var input in inputs)
        {
            Assert.Null(await WithDirectoryAsync(d => d.FindTenantAsync(input, CancellationToken.None)));
        }
    }

    [Fact]
    public async Task ForgetATenantsTokensWhenTheTenantIsDeleted()
    {
        var slug = await server.SignUpAsync();
        var tenant = await TenantApi.TenantIdAsync(server, slug);
        var kept = await NewTenantAsync();
        var (gone, stays) = (RequestTokens.NewToken(), RequestTokens.NewToken());
        await WithDirectoryAsync(d => d.RegisterAsync(tenant, gone, CancellationToken.None));
        await WithDirectoryAsync(d => d.RegisterAsync(kept, stays, CancellationToken.None));

        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TenantOperations>().DeleteAsync(slug, slug, CancellationToken.None);
        }

        Assert.False(await server.CatalogAsync(c => c.MailTokens.AnyAsync(t => t.Token == gone)));
        Assert.Null(await WithDirectoryAsync(d => d.FindTenantAsync(Mail($"In-Reply-To: <cc.{gone}.abcd@cc.example>"), CancellationToken.None)));
        Assert.Equal(kept, await WithDirectoryAsync(d => d.FindTenantAsync(Mail($"In-Reply-To: <cc.{stays}.abcd@cc.example>"), CancellationToken.None)));
    }

    private static byte[] Mail(string headers) =>
        Encoding.UTF8.GetBytes($"From: Erika <erika@example.com>\r\nSubject: Re: my parcel\r\n{headers}\r\nMessage-ID: <{Guid.NewGuid():N}@example.com>\r\n\r\nThanks!\r\n");

    private async Task<Guid> NewTenantAsync() => await TenantApi.TenantIdAsync(server, await server.SignUpAsync());

    /// <summary>Runs <paramref name="work"/> with the directory of a fresh scope, as a job or a request would have it.</summary>
    private async Task<T> WithDirectoryAsync<T>(Func<MailTokenDirectory, Task<T>> work)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<MailTokenDirectory>());
    }

    private async Task WithDirectoryAsync(Func<MailTokenDirectory, Task> work)
    {
        await using var scope = server.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<MailTokenDirectory>());
    }
}

public sealed class MailTokenDirectoryOnSqlite(SqliteServerFixture server) : MailTokenDirectoryShould<SqliteServerFixture>(server);

public sealed class MailTokenDirectoryOnPostgres(PostgresServerFixture server) : MailTokenDirectoryShould<PostgresServerFixture>(server);

public sealed class MailTokenDirectoryOnSqlServer(SqlServerServerFixture server) : MailTokenDirectoryShould<SqlServerServerFixture>(server.Required());
