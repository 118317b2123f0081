using System.Net;
using System.Text;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Shared;

/// <summary>A body of a media type the endpoint does not read is answered 415, whoever sends it.</summary>
public abstract class MediaTypeShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task AnswerUnsupportedMediaTypeToASignedInCaller()
    {
        var slug = await server.SignUpAsync();
        var agent = await _oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var api = await TenantApi.ClientAsync(server, agent);

        using var response = await api.PostAsync($"/t/{slug}/api/contacts", new StringContent("lastName=Smith", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task AnswerUnsupportedMediaTypeOnAPublicEndpoint()
    {
        using var client = server.CreateClient();

        using var response = await client.PostAsync("/api/signup", new StringContent("<signup/>", Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}

public sealed class MediaTypeOnSqliteShould(SqliteServerFixture server) : MediaTypeShould<SqliteServerFixture>(server);

public sealed class MediaTypeOnPostgresShould(PostgresServerFixture server) : MediaTypeShould<PostgresServerFixture>(server);
