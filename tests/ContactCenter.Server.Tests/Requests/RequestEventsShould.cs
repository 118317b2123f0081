using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data;
using ContactCenter.Server.Instances;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>
/// The inbox's live updates: the event stream of a tenant says "requests" after a change of one of its requests (on
/// PostgreSQL through NOTIFY on the catalog, as another instance's change arrives), and never for another tenant's.
/// </summary>
public abstract class RequestEventsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task TellTheTenantsSubscribersOfAChangeAndNoOneElse()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var otherId = await TenantApi.TenantIdAsync(server, other);
        var request = RequestData.NewRequest(1, "Live");
        await RequestData.AddAsync(server, tenantId, request);
        await RequestData.AddAsync(server, otherId, RequestData.NewRequest(1, "Elsewhere"));
        using var admin = await _tokens.AdministratorAsync(slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other);
        await using var mine = await EventStream.OpenAsync(admin);
        await using var theirs = await EventStream.OpenAsync(otherAdmin);
        Assert.Equal(("ready", "live"), await mine.NextAsync());
        Assert.Equal(("ready", "live"), await theirs.NextAsync());

        await TenantApi.JsonAsync(await admin.PostAsJsonAsync($"api/requests/{request.Id}/notes", new { text = "Seen live" }), HttpStatusCode.OK);

        Assert.Equal(("requests", "changed"), await mine.NextAsync());
        // The other tenant's stream stays quiet: its next event is the ping after 25 s, not a change.
        var quiet = theirs.NextAsync();
        Assert.NotEqual(quiet, await Task.WhenAny(quiet, Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task PassOnAnotherInstancesChange()
    {
        Assert.SkipUnless(server.Provider == DatabaseProvider.Postgres, "Instances share changes through PostgreSQL's NOTIFY.");
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        using var admin = await _tokens.AdministratorAsync(slug);
        await using var stream = await EventStream.OpenAsync(admin);
        Assert.Equal(("ready", "live"), await stream.NextAsync());

        // What another instance's signal transport sends after a save there: instance, kind and key.
        var payload = $"another-instance\n{RequestEvents.Signal}\n{tenantId:D}";
        await server.CatalogAsync(catalog => catalog.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_notify({InstanceSignals.Channel}, {payload})"));

        Assert.Equal(("requests", "changed"), await stream.NextAsync());
    }

    /// <summary>A client's <c>GET api/requests/events</c>, read event by event.</summary>
    private sealed class EventStream : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private EventStream(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public static async Task<EventStream> OpenAsync(HttpClient client)
        {
            var response = await client.GetAsync("api/requests/events", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        /// <summary>The next event's type and data (within 20 s).</summary>
        public async Task<(string Type, string Data)> NextAsync()
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            string type = "message", data = "";
            while (await _reader.ReadLineAsync(limit.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    return (type, data);
                }

                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
            }

            throw new EndOfStreamException("The event stream ended.");
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

public sealed class RequestEventsOnSqlite(SqliteServerFixture server) : RequestEventsShould<SqliteServerFixture>(server);

public sealed class RequestEventsOnPostgres(PostgresServerFixture server) : RequestEventsShould<PostgresServerFixture>(server);
