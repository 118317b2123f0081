using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using ContactCenter.Data;
using ContactCenter.Data.Catalog;

namespace ContactCenter.Server.Platform;

/// <summary>What a tenant backup says of its tenant: the catalog record and the tenant's people and partners there.</summary>
public sealed record TenantBackupManifest(
    string Format,
    int Version,
    DatabaseProvider Provider,
    Guid Id,
    string Slug,
    string Name,
    DateTime CreatedAt,
    DateTime BackedUpAt,
    string? SchemaVersion,
    bool AllowsSignInForAllTenants,
    IReadOnlyList<TenantBackupMember> Members,
    IReadOnlyList<TenantBackupPartner> EscalationPartners,
    string? DatabaseSha256 = null)
{
    public const string FormatName = "contactcenter-tenant-backup";
    public const int CurrentVersion = 1;
}

/// <summary>A person's membership, by user id and (where the id is gone) e-mail address.</summary>
public sealed record TenantBackupMember(Guid UserId, string? Email, TenantRole Role);

/// <summary>An escalation partnership: the tenant accepts requests from <c>SourceTenantId</c>, or offers them to <c>TenantId</c>.</summary>
public sealed record TenantBackupPartner(Guid TenantId, Guid SourceTenantId);

/// <summary>The backup was refused: missing, damaged, of another provider or another format.</summary>
public sealed class TenantBackupInvalidException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

/// <summary>
/// The backup file: a zip archive with <c>tenant.json</c> (<see cref="TenantBackupManifest"/>) and the database, either
/// <c>database.pgdump</c> (pg_dump's custom format) or <c>database.sqlite</c> (SQLite's online backup).
/// </summary>
internal static class TenantBackupFile
{
    public const string ManifestEntry = "tenant.json";
    public const string PostgresEntry = "database.pgdump";
    public const string SqliteEntry = "database.sqlite";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static string DatabaseEntry(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? PostgresEntry : SqliteEntry;

    /// <summary>Writes the archive next to <paramref name="file"/> and renames it into place: never a partial file.</summary>
    public static async Task WriteAsync(string file, TenantBackupManifest manifest, string databaseFile, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(file);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            manifest = manifest with { DatabaseSha256 = await Sha256Async(databaseFile, cancellationToken) };
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await using var archive = new ZipArchive(stream, ZipArchiveMode.Create);
                await using (var entry = await archive.CreateEntry(ManifestEntry, CompressionLevel.Optimal).OpenAsync(cancellationToken))
                {
                    await JsonSerializer.SerializeAsync(entry, manifest, Json, cancellationToken);
                }

                // pg_dump's custom format is compressed already; a SQLite file is not.
                var level = manifest.Provider == DatabaseProvider.Postgres ? CompressionLevel.NoCompression : CompressionLevel.Optimal;
                await using var database = await archive.CreateEntry(DatabaseEntry(manifest.Provider), level).OpenAsync(cancellationToken);
                await using var source = File.OpenRead(databaseFile);
                await source.CopyToAsync(database, cancellationToken);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task<string> Sha256Async(string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>Reads the manifest and extracts the database into <paramref name="databaseFile"/>.</summary>
    /// <exception cref="TenantBackupInvalidException">The file is missing, no backup, damaged, or of another provider.</exception>
    public static async Task<TenantBackupManifest> ReadAsync(string file, DatabaseProvider expectedProvider, string databaseFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            throw new TenantBackupInvalidException($"Backup file '{file}' does not exist.");
        }

        try
        {
            await using var archive = await ZipFile.OpenReadAsync(file, cancellationToken);
            var manifestEntry = archive.GetEntry(ManifestEntry) ?? throw new TenantBackupInvalidException($"'{file}' is no tenant backup: it has no {ManifestEntry}.");
            TenantBackupManifest? manifest;
            await using (var stream = await manifestEntry.OpenAsync(cancellationToken))
            {
                manifest = await JsonSerializer.DeserializeAsync<TenantBackupManifest>(stream, Json, cancellationToken);
            }

            if (manifest is null || manifest.Format != TenantBackupManifest.FormatName || string.IsNullOrEmpty(manifest.Slug) || manifest.Id == Guid.Empty)
            {
                throw new TenantBackupInvalidException($"'{file}' is no tenant backup: its {ManifestEntry} is not ours.");
            }

            if (manifest.Version > TenantBackupManifest.CurrentVersion)
            {
                throw new TenantBackupInvalidException($"'{file}' is a version {manifest.Version} backup; this server reads versions up to {TenantBackupManifest.CurrentVersion}.");
            }

            if (manifest.Provider != expectedProvider)
            {
                throw new TenantBackupInvalidException(
                    $"'{file}' is a backup of a {manifest.Provider} tenant; this server runs on {expectedProvider}. Restore it on a {manifest.Provider} server.");
            }

            var databaseEntry = archive.GetEntry(DatabaseEntry(manifest.Provider))
                ?? throw new TenantBackupInvalidException($"'{file}' holds no database ({DatabaseEntry(manifest.Provider)}).");
            await using (var source = await databaseEntry.OpenAsync(cancellationToken))
            await using (var target = File.Create(databaseFile))
            {
                await source.CopyToAsync(target, cancellationToken);
            }

            // A damaged dump may well restore "successfully" into an empty database: the hash says it is the one backed up.
            if (!string.Equals(manifest.DatabaseSha256, await Sha256Async(databaseFile, cancellationToken), StringComparison.Ordinal))
            {
                throw new TenantBackupInvalidException($"'{file}' is damaged: its database is not the one that was backed up (SHA-256 differs).");
            }

            return manifest with { Members = manifest.Members ?? [], EscalationPartners = manifest.EscalationPartners ?? [] };
        }
        catch (Exception damaged) when (damaged is InvalidDataException or JsonException or NotSupportedException or EndOfStreamException)
        {
            throw new TenantBackupInvalidException($"'{file}' is damaged or no tenant backup: {damaged.Message}", damaged);
        }
    }
}
