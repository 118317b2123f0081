using System.Security.Cryptography;
using System.Text;
using ContactCenter.Data.Catalog;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>
/// OpenIddict's application manager with two changes of ours. Clients are looked up by id through a cache shared by
/// the whole process (<see cref="ClientCache"/>): OpenIddict's own cache lives for one request, so every token request
/// read the client from the catalog. And our client secrets: long random strings (at least <see cref="MinimumSecretLength"/>
/// characters), stored as a salted HMAC-SHA-256. They are not passwords, so OpenIddict's PBKDF2 (10,000 rounds, about
/// 2.4 ms a request here) would only cost token throughput without adding protection.
/// </summary>
public sealed class ClientManager(
    IOpenIddictApplicationCache<OidcApplication> cache,
    ILogger<OpenIddictApplicationManager<OidcApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OidcApplication> store,
    ClientCache clients)
    : OpenIddictApplicationManager<OidcApplication>(cache, logger, options, store)
{
    public const int MinimumSecretLength = 32;

    /// <summary>A new random secret: 32 bytes, base64url.</summary>
    public static string GenerateSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The client, from the process-wide cache (a detached entity: read it, never attach it to another entity; change it
    /// only through this manager, which forgets it).
    /// </summary>
    public override async ValueTask<OidcApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        if (clients.TryGet(identifier, out var cached))
        {
            return cached;
        }

        // Only a client that exists is kept: one registered a moment later is found at once.
        var application = await base.FindByClientIdAsync(identifier, cancellationToken);
        if (application is not null)
        {
            clients.Set(identifier, application);
        }

        return application;
    }

    public override async ValueTask CreateAsync(OidcApplication application, CancellationToken cancellationToken = default)
    {
        await base.CreateAsync(application, cancellationToken);
        clients.Forget(application.ClientId);
    }

    public override async ValueTask UpdateAsync(OidcApplication application, CancellationToken cancellationToken = default)
    {
        await base.UpdateAsync(application, cancellationToken);
        clients.Forget(application.ClientId);
    }

    public override async ValueTask DeleteAsync(OidcApplication application, CancellationToken cancellationToken = default)
    {
        await base.DeleteAsync(application, cancellationToken);
        clients.Forget(application.ClientId);
    }

    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return ValueTask.FromResult($"{Convert.ToBase64String(salt)}.{Convert.ToBase64String(Digest(salt, secret))}");
    }

    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
    {
        var parts = comparand.Split('.');
        if (parts.Length != 2)
        {
            return ValueTask.FromResult(false);
        }

        var expected = Convert.FromBase64String(parts[1]);
        return ValueTask.FromResult(CryptographicOperations.FixedTimeEquals(Digest(Convert.FromBase64String(parts[0]), secret), expected));
    }

    private static byte[] Digest(byte[] salt, string secret) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret));
}

/// <summary>
/// Clients by id for the whole process, briefly: a change through <see cref="ClientManager"/> is seen here at once, on
/// other instances when they hear the signal (<see cref="Instances.InstanceSignals"/>), and within
/// <see cref="TimeToLive"/> should a signal be lost (a removed client's tokens stop there then).
/// </summary>
public sealed class ClientCache
{
    /// <summary>The signal's kind; its key is the client id.</summary>
    public const string Signal = "client";

    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (OidcApplication Client, DateTimeOffset Expires)> _clients =
        new(StringComparer.Ordinal);

    private readonly TimeProvider _time;

    private readonly Instances.InstanceSignals _signals;

    public ClientCache(TimeProvider time, Instances.InstanceSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _time = time;
        _signals = signals;
        signals.On(Signal, clientId => _clients.TryRemove(clientId, out _));
    }

    public bool TryGet(string clientId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OidcApplication? client)
    {
        client = null;
        if (_clients.TryGetValue(clientId, out var entry) && entry.Expires > _time.GetUtcNow())
        {
            client = entry.Client;
            return true;
        }

        return false;
    }

    public void Set(string clientId, OidcApplication client)
    {
        if (_clients.Count > 10_000)
        {
            _clients.Clear();
        }

        _clients[clientId] = (client, _time.GetUtcNow() + TimeToLive);
    }

    public void Forget(string? clientId)
    {
        if (clientId is not null)
        {
            _signals.Publish(Signal, clientId);
        }
    }
}
