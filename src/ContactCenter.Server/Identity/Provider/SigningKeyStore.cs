using System.Security.Cryptography;
using ContactCenter.Data.Catalog;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>
/// The provider's keys, kept in the catalog with the private parts protected by Data Protection, shared by every
/// instance and handed to OpenIddict: RSA keys that sign (RS256) and AES keys that encrypt codes and refresh tokens.
/// Rotation with overlap: the next key is stored and published <see cref="IdentityProviderOptions.SigningKeyOverlap"/>
/// before it takes over, and every instance reads the catalog at least every <see cref="RefreshInterval"/>, so each one
/// knows a key long before any of them signs with it; a retired signing key stays published as long again, an
/// encryption key as long as a refresh token it encrypted may live. OpenIddict reads its keys from its options, so a
/// change of keys reloads them (<see cref="IOptionsChangeTokenSource{TOptions}"/>).
/// </summary>
public sealed class SigningKeyStore(
    IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, IOptions<IdentityProviderOptions> options, TimeProvider time)
    : IConfigureOptions<OpenIddictServerOptions>, IDisposable
{
    public const string SigningAlgorithm = SecurityAlgorithms.RsaSha256;
    public const string EncryptionAlgorithm = SecurityAlgorithms.Aes256KW;

    /// <summary>How often an instance reads the keys again at the latest.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("ContactCenter.Identity.SigningKeys");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SecurityKey> _unprotected = new(StringComparer.Ordinal);
    private CancellationTokenSource _changed = new();
    private volatile KeySet? _keys;

    /// <summary>The key that signs now.</summary>
    public async ValueTask<SigningCredentials> GetSigningCredentialsAsync(CancellationToken cancellationToken) =>
        (await GetKeysAsync(cancellationToken)).Signing[0];

    /// <summary>Signals OpenIddict's options (server and validation) to read the keys again.</summary>
    public IChangeToken ChangeToken => new CancellationChangeToken(_changed.Token);

    /// <summary>Reads the keys now (and rotates them if due), and hands them to OpenIddict if they changed.</summary>
    public void Refresh()
    {
        _keys = null;
        RefreshAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Reads the keys again when they are due, and hands them to OpenIddict if they changed.</summary>
    public async ValueTask RefreshAsync(CancellationToken cancellationToken)
    {
        var before = _keys;
        var after = await GetKeysAsync(cancellationToken);
        if (before is null || before.Fingerprint != after.Fingerprint)
        {
            var changed = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
            await changed.CancelAsync();
            changed.Dispose();
        }
    }

    /// <summary>OpenIddict signs and encrypts with the first key of each kind, and accepts every one listed.</summary>
    public void Configure(OpenIddictServerOptions options)
    {
        // Options are built synchronously; the keys are read from the catalog only at start and after a change.
        var keys = GetKeysAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        options.SigningCredentials.AddRange(keys.Signing);
        options.EncryptionCredentials.AddRange(keys.Encrypting);
    }

    public void Dispose()
    {
        _gate.Dispose();
        _changed.Dispose();
    }

    private async ValueTask<KeySet> GetKeysAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var keys = _keys;
        if (keys is not null && keys.ValidUntil > now)
        {
            return keys;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            keys = _keys;
            if (keys is not null && keys.ValidUntil > now)
            {
                return keys;
            }

            keys = await LoadAsync(now, cancellationToken);
            _keys = keys;
            return keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<KeySet> LoadAsync(DateTime now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var stored = await catalog.SigningKeys.AsNoTracking().Where(k => k.RetiresAt > now).ToListAsync(cancellationToken);
        var signing = Rotate(catalog, stored, SigningAlgorithm, now, settings.SigningKeyOverlap);
        var encrypting = Rotate(catalog, stored, EncryptionAlgorithm, now, settings.RefreshTokenLifetime > settings.SigningKeyOverlap
            ? settings.RefreshTokenLifetime
            : settings.SigningKeyOverlap);
        await catalog.SaveChangesAsync(cancellationToken);

        var nextChange = stored.Select(k => k.ActiveFrom).Concat(stored.Select(k => k.RetiresAt)).Where(t => t > now).DefaultIfEmpty(now + RefreshInterval).Min();
        return new KeySet(
            signing.Select(k => new SigningCredentials(Unprotect(k), SigningAlgorithm)).ToList(),
            encrypting.Select(k => new EncryptingCredentials((SymmetricSecurityKey)Unprotect(k), EncryptionAlgorithm, SecurityAlgorithms.Aes256CbcHmacSha512)).ToList(),
            nextChange < now + RefreshInterval ? nextChange : now + RefreshInterval,
            string.Join(' ', signing.Concat(encrypting).Select(k => k.KeyId)));
    }

    /// <summary>
    /// The keys of one kind to hand out: the active one first, then its published successor and predecessors. Adds the
    /// first key, and the successor one overlap before the active key's lifetime ends.
    /// </summary>
    private List<SigningKey> Rotate(CatalogDbContext catalog, List<SigningKey> stored, string algorithm, DateTime now, TimeSpan keptAfter)
    {
        var settings = options.Value;
        var ofKind = stored.Where(k => k.Algorithm == algorithm).ToList();
        var active = ofKind.Where(k => k.ActiveFrom <= now).MaxBy(k => k.ActiveFrom);
        if (active is null)
        {
            active = NewKey(algorithm, now, now, settings.SigningKeyLifetime + keptAfter);
            catalog.SigningKeys.Add(active);
            stored.Add(active);
            ofKind.Add(active);
        }

        var takesOver = active.ActiveFrom + settings.SigningKeyLifetime;
        if (now >= takesOver - settings.SigningKeyOverlap && !ofKind.Any(k => k.ActiveFrom > active.ActiveFrom))
        {
            var next = NewKey(algorithm, now, takesOver, settings.SigningKeyLifetime + keptAfter);
            catalog.SigningKeys.Add(next);
            stored.Add(next);
            ofKind.Add(next);
        }

        return ofKind.OrderByDescending(k => k == active).ThenByDescending(k => k.ActiveFrom).ToList();
    }

    private SigningKey NewKey(string algorithm, DateTime now, DateTime activeFrom, TimeSpan published)
    {
        byte[] secret;
        if (algorithm == SigningAlgorithm)
        {
            using var rsa = RSA.Create(2048);
            secret = rsa.ExportPkcs8PrivateKey();
        }
        else
        {
            secret = RandomNumberGenerator.GetBytes(32);
        }

        return new SigningKey
        {
            KeyId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            Algorithm = algorithm,
            ProtectedKey = _protector.Protect(Convert.ToBase64String(secret)),
            CreatedAt = now,
            ActiveFrom = activeFrom,
            RetiresAt = activeFrom + published,
        };
    }

    private SecurityKey Unprotect(SigningKey key) =>
        _unprotected.GetOrAdd(key.KeyId, _ =>
        {
            var secret = Convert.FromBase64String(_protector.Unprotect(key.ProtectedKey));
            if (key.Algorithm != SigningAlgorithm)
            {
                return new SymmetricSecurityKey(secret) { KeyId = key.KeyId };
            }

            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(secret, out int _);
            return new RsaSecurityKey(rsa) { KeyId = key.KeyId };
        });

    private sealed record KeySet(
        IReadOnlyList<SigningCredentials> Signing, IReadOnlyList<EncryptingCredentials> Encrypting, DateTime ValidUntil, string Fingerprint);
}

/// <summary>Tells OpenIddict's server and validation options that the keys changed.</summary>
public sealed class SigningKeyChanges<TOptions>(SigningKeyStore keys) : IOptionsChangeTokenSource<TOptions>
{
    public string Name => Microsoft.Extensions.Options.Options.DefaultName;

    public IChangeToken GetChangeToken() => keys.ChangeToken;
}

/// <summary>Reads the keys again when due, so a successor is known here long before it signs anywhere.</summary>
public sealed partial class SigningKeyRefresher(SigningKeyStore keys, TimeProvider time, ILogger<SigningKeyRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await keys.RefreshAsync(stoppingToken);
                }
                catch (Exception failure) when (failure is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
                {
                    // The keys in use stay valid; the next tick tries again.
                    KeysUnreadable(logger, failure);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stops.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The signing keys could not be read from the catalog; the keys in use stay.")]
    private static partial void KeysUnreadable(ILogger logger, Exception failure);
}
