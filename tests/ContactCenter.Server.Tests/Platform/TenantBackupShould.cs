using System.IO.Compression;
using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Platform;
using ContactCenter.Server.Tests.Requests;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Testing;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Platform;

/// <summary><c>tenants backup</c> and <c>tenants restore</c> through the CLI, on the server every test class shares.</summary>
public abstract class TenantBackupShould<TFixture>(TFixture server) : IAsyncDisposable
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);
    private readonly string _folder = TestFolders.Create();

    [Fact]
    public async Task RestoreTheTenantsDataAsItWasAtTheBackup()
    {
        var output = new StringWriter();

        var (slug, tenant, file) = await BackedUpTenantAsync("backup.zip", output, "Kept 1", "Kept 2");

        Assert.Contains($"{slug}: backed up to {file}", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(["backup.zip"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        await TenantRequests.AddAsync(server, tenant.Id, "Written after the backup");
        await server.TenantAsync(tenant.Id, db => db.Requests.Where(r => r.Subject == "Kept 1").ExecuteUpdateAsync(s => s.SetProperty(r => r.Subject, "Changed after the backup")));
        using var admin = await _tokens.AdministratorAsync(slug);
        Assert.Equal(["Changed after the backup", "Kept 2", "Written after the backup"], await TenantRequests.SubjectsAsync(admin));

        var restoreOutput = new StringWriter();
        Assert.Equal(0, await RunAsync(restoreOutput, "restore", slug, "--from", file));

        Assert.Contains("database replaced", restoreOutput.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{slug}: suspending", restoreOutput.ToString(), StringComparison.Ordinal);
        var restored = await TenantRequests.TenantAsync(server, slug);
        Assert.Equal((tenant.Id, TenantStatus.Active), (restored.Id, restored.Status));
        Assert.NotEqual(tenant.DatabaseName, restored.DatabaseName);
        Assert.False(await server.TenantDatabaseExistsAsync(tenant.DatabaseName));
        Assert.True(await server.TenantDatabaseExistsAsync(restored.DatabaseName));
        Assert.Equal(ServerFixture.LatestTenantMigration, restored.SchemaVersion);
        Assert.Equal(["Kept 1", "Kept 2"], await TenantRequests.SubjectsAsync(admin));
        await TenantRequests.AddAsync(server, tenant.Id, "Written after the restore");
        Assert.Equal(3, (await TenantRequests.SubjectsAsync(admin)).Count);
    }

    [Fact]
    public async Task RecreateADeletedTenantWithItsPeople()
    {
        var (slug, tenant, file) = await BackedUpTenantAsync("deleted.zip", TextWriter.Null, "Before the deletion");
        Assert.Equal(0, await RunAsync(TextWriter.Null, "delete", slug, "--confirm", slug));

        var output = new StringWriter();
        Assert.Equal(0, await RunAsync(output, "restore", slug, "--from", file));

        Assert.Contains("tenant created", output.ToString(), StringComparison.Ordinal);
        var restored = await TenantRequests.TenantAsync(server, slug);
        Assert.Equal((tenant.Id, TenantStatus.Active, tenant.Name), (restored.Id, restored.Status, restored.Name));
        Assert.Equal(1, await server.CatalogAsync(c => c.TenantMemberships.CountAsync(m => m.TenantId == tenant.Id && m.Role == TenantRole.TenantAdministrator)));
        using var admin = await _tokens.AdministratorAsync(slug);
        Assert.Equal(["Before the deletion"], await TenantRequests.SubjectsAsync(admin));
    }

    [Fact]
    public async Task RestoreACopyUnderANewSlugBesideTheOriginal()
    {
        var (slug, tenant, file) = await BackedUpTenantAsync("copy.zip", TextWriter.Null, "Shared 1", "Shared 2");
        var copySlug = ServerFixture.NewSlug("c");

        Assert.Equal(0, await RunAsync(TextWriter.Null, "restore", slug, "--from", file, "--as", copySlug));

        var copy = await TenantRequests.TenantAsync(server, copySlug);
        Assert.NotEqual(tenant.Id, copy.Id);
        Assert.NotEqual(tenant.DatabaseName, copy.DatabaseName);
        Assert.Equal(TenantStatus.Active, copy.Status);
        // The copy has the original's people: its administrator is the original's.
        using var copyAdmin = await _tokens.ClientForAsync(TenantApi.Administrator(slug), copySlug);
        using var admin = await _tokens.AdministratorAsync(slug);
        Assert.Equal(["Shared 1", "Shared 2"], await TenantRequests.SubjectsAsync(copyAdmin));
        await TenantRequests.AddAsync(server, copy.Id, "Only in the copy");
        Assert.Equal(["Shared 1", "Shared 2"], await TenantRequests.SubjectsAsync(admin));
        Assert.Equal(3, (await TenantRequests.SubjectsAsync(copyAdmin)).Count);
    }

    [Fact]
    public async Task RefuseBadBackupsAndSlugsAndLeaveTheTenantAsItWas()
    {
        var (slug, tenant, file) = await BackedUpTenantAsync("good.zip", TextWriter.Null, "Untouched");
        var other = await server.SignUpAsync();
        var databasesBefore = await server.TenantDatabasesAsync();

        await RefusedAsync("does not exist", "restore", slug, "--from", Path.Combine(_folder, "missing.zip"));
        var garbage = Path.Combine(_folder, "garbage.zip");
        await File.WriteAllBytesAsync(garbage, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);
        await RefusedAsync("damaged or no tenant backup", "restore", slug, "--from", garbage);
        await RefusedAsync("is taken by another tenant", "restore", slug, "--from", file, "--as", other);
        await RefusedAsync("no slug a tenant can have", "restore", slug, "--from", file, "--as", "Not A Slug");
        await RefusedAsync($"is the backup of tenant '{slug}', not of '{other}'", "restore", other, "--from", file);
        await RefusedAsync("a backup of a SqlServer tenant", "restore", slug, "--from", await WithManifestAsync(file, "other.zip", m => m with { Provider = ContactCenter.Data.DatabaseProvider.SqlServer }));
        await RefusedAsync("SHA-256 differs", "restore", slug, "--from", await WithDatabaseAsync(file, "spoiled.zip", rehash: false));
        // Damaged before it was hashed (a bad disk under the backup): the restore starts, fails and undoes itself.
        await RefusedAsync($"Restoring tenant '{slug}' failed; nothing was changed", "restore", slug, "--from", await WithDatabaseAsync(file, "rehashed.zip", rehash: true));
        await RefusedAsync("missing-folder", "backup", slug, "--out", Path.Combine(_folder, "missing-folder", "b.zip"));

        var after = await TenantRequests.TenantAsync(server, slug);
        Assert.Equal((tenant.DatabaseName, TenantStatus.Active), (after.DatabaseName, after.Status));
        // Other tests sign tenants up meanwhile: every database that appeared must be a tenant's, none a restore's leftover.
        var owned = await server.CatalogAsync(c => c.Tenants.Select(t => t.DatabaseName).ToListAsync());
        var appeared = (await server.TenantDatabasesAsync()).Except(databasesBefore).ToList();
        Assert.All(appeared, database => Assert.Contains(database, owned));
        using var admin = await _tokens.AdministratorAsync(slug);
        Assert.Equal(["Untouched"], await TenantRequests.SubjectsAsync(admin));
    }

    /// <summary>A new tenant with a request for each subject, backed up through the CLI into the file named.</summary>
    private async Task<(string Slug, Tenant Tenant, string File)> BackedUpTenantAsync(string fileName, TextWriter output, params string[] subjects)
    {
        var slug = await server.SignUpAsync();
        var tenant = await TenantRequests.TenantAsync(server, slug);
        await TenantRequests.AddAsync(server, tenant.Id, subjects);
        var file = Path.Combine(_folder, fileName);
        Assert.Equal(0, await RunAsync(output, "backup", slug, "--out", file));
        return (slug, tenant, file);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private async Task RefusedAsync(string reason, params string[] args)
    {
        var error = new StringWriter();
        Assert.Equal(1, await PlatformCommands.TenantsAsync(server.Services, args, TextWriter.Null, error, CancellationToken.None));
        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
    }

    private Task<int> RunAsync(TextWriter output, params string[] args) =>
        PlatformCommands.TenantsAsync(server.Services, args, output, TextWriter.Null, CancellationToken.None);

    /// <summary>A copy of the backup whose manifest says something else.</summary>
    private async Task<string> WithManifestAsync(string file, string name, Func<TenantBackupManifest, TenantBackupManifest> change)
    {
        var copy = Path.Combine(_folder, name);
        File.Copy(file, copy);
        using var archive = await ZipFile.OpenAsync(copy, ZipArchiveMode.Update);
        var entry = archive.GetEntry("tenant.json")!;
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        TenantBackupManifest manifest;
        await using (var read = await entry.OpenAsync())
        {
            manifest = (await System.Text.Json.JsonSerializer.DeserializeAsync<TenantBackupManifest>(read, options))!;
        }

        entry.Delete();
        await using (var write = await archive.CreateEntry("tenant.json").OpenAsync())
        {
            await System.Text.Json.JsonSerializer.SerializeAsync(write, change(manifest), options);
        }

        return copy;
    }

    /// <summary>A copy of the backup whose database is damaged (its second half overwritten).</summary>
    private async Task<string> WithDatabaseAsync(string file, string name, bool rehash)
    {
        var copy = Path.Combine(_folder, name);
        File.Copy(file, copy);
        using var archive = await ZipFile.OpenAsync(copy, ZipArchiveMode.Update);
        var entry = archive.Entries.Single(e => e.Name.StartsWith("database.", StringComparison.Ordinal));
        var entryName = entry.FullName;
        byte[] bytes;
        await using (var read = await entry.OpenAsync())
        using (var buffer = new MemoryStream())
        {
            await read.CopyToAsync(buffer);
            bytes = buffer.ToArray();
        }

        Array.Fill(bytes, (byte)0x5A, 100, bytes.Length - 100);
        entry.Delete();
        await using (var write = await archive.CreateEntry(entryName).OpenAsync())
        {
            await write.WriteAsync(bytes);
        }

        archive.Dispose();
        return rehash ? await WithManifestAsync(copy, "re" + name, m => m with { DatabaseSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) }) : copy;
    }
}

public sealed class TenantBackupOnSqliteShould(SqliteServerFixture server) : TenantBackupShould<SqliteServerFixture>(server);

public sealed class TenantBackupOnPostgresShould(PostgresServerFixture server) : TenantBackupShould<PostgresServerFixture>(server);

/// <summary>SQL Server: documented only; the CLI says so.</summary>
public sealed class TenantBackupOnSqlServerShould(SqlServerServerFixture server)
{
    private readonly SqlServerServerFixture _server = server.Required();

    [Fact]
    public async Task RefuseWithWhatToDoInstead()
    {
        var error = new StringWriter();

        Assert.Equal(1, await PlatformCommands.TenantsAsync(_server.Services, ["backup", "any", "--out", "x.zip"], TextWriter.Null, error, CancellationToken.None));

        Assert.Contains("BACKUP DATABASE", error.ToString(), StringComparison.Ordinal);
    }
}
