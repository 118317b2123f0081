using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.MailAccounts;

/// <summary>An inbound account's folder for imported messages and its client partition, through the API and the page.</summary>
public abstract class InboundAccountOptionsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string Secret = "Inbound-Options-Secret-9";

    [Fact]
    public async Task StoreTheImportedFolderAndThePartitionOfAnInboundAccount()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var partition = await AddPartitionAsync(tenantId, "Client A");
        var url = $"/t/{slug}/api/mail-accounts/inbound";

        var created = await TenantApi.JsonAsync(await admin.PostAsJsonAsync(url, new
        {
            name = "Support", protocol = "imap", host = "imap.example.com", userName = "support", secret = Secret,
            importedFolder = "Imported", partitionId = partition.ToString(),
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        using var cleared = await admin.PutAsJsonAsync($"{url}/{id}",
            new { name = "Support", protocol = "imap", host = "imap.example.com", userName = "support", importedFolder = "", partitionId = "" });
        var stored = await server.TenantAsync(tenantId, db => db.InboundAccounts.AsNoTracking().SingleAsync(a => a.Id == id));

        Assert.Equal("Imported", created.GetProperty("importedFolder").GetString());
        Assert.Equal(partition, created.GetProperty("partitionId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Null(stored.ImportedFolder);
        Assert.Null(stored.PartitionId);
    }

    [Fact]
    public async Task RefuseAnImportedFolderThatCannotBeUsedAndAPartitionOfNoOne()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var foreignPartition = await AddPartitionAsync(await TenantClients.TenantIdAsync(server, other), "Someone else's client");
        var url = $"/t/{slug}/api/mail-accounts/inbound";
        object Account(string protocol, bool keepOnServer, string importedFolder, string? partitionId) => new
        {
            name = "Support", protocol, host = "mail.example.com", userName = "support", secret = Secret, keepOnServer, importedFolder, partitionId,
        };

        var pop3 = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(url, Account("pop3", true, "Imported", null)));
        var deleted = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(url, Account("imap", false, "Imported", null)));
        var sameFolder = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(url, Account("imap", true, "inbox", null)));
        var notAnId = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(url, Account("imap", true, "Imported", "client-a")));
        var foreign = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(url, Account("imap", true, "Imported", foreignPartition.ToString())));

        Assert.Equal(["importedFolder"], pop3.Keys);
        Assert.Contains("Only an IMAP account that keeps messages", pop3["importedFolder"][0], StringComparison.Ordinal);
        Assert.Equal(["importedFolder"], deleted.Keys);
        Assert.Equal(["importedFolder"], sameFolder.Keys);
        Assert.Contains("other than the one mail is imported from", sameFolder["importedFolder"][0], StringComparison.Ordinal);
        Assert.Equal(["partitionId"], notAnId.Keys);
        Assert.Equal(["partitionId"], foreign.Keys);
        Assert.Contains("is not a client partition of this tenant", foreign["partitionId"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfferTheOptionsOnTheMailAccountsPage()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var partition = await AddPartitionAsync(tenantId, "Client B");
        using var browser = new OidcDriver(server).Browser();
        var page = $"/t/{slug}/admin/mail-accounts";
        var html = await PageBrowser.SignInAndGetAsync(browser, page, $"admin@{slug}.example", slug);
        Dictionary<string, string> Form(string importedFolder) => new()
        {
            ["InboundForm.Name"] = "Support", ["InboundForm.Protocol"] = "imap", ["InboundForm.Host"] = "imap.example.com",
            ["InboundForm.TlsMode"] = "implicit", ["InboundForm.UserName"] = "support", ["InboundForm.Secret"] = Secret, ["InboundForm.Folder"] = "INBOX",
            ["InboundForm.Weighting"] = "3", ["InboundForm.KeepOnServer"] = "true", ["InboundForm.Enabled"] = "true",
            ["InboundForm.ImportedFolder"] = importedFolder, ["InboundForm.PartitionId"] = partition.ToString(),
        };

        using var invalid = await PageBrowser.PostHandlerAsync(browser, page, "Inbound", html, Form("INBOX"));
        var invalidPage = PageBrowser.Parse(await invalid.Content.ReadAsStringAsync());
        using var valid = await PageBrowser.PostHandlerAsync(browser, page, "Inbound", html, Form("Done"));
        var stored = await server.TenantAsync(tenantId, db => db.InboundAccounts.AsNoTracking().SingleAsync());
        var edit = PageBrowser.Parse(await browser.GetStringAsync($"{page}?edit={stored.Id}"));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.NotNull(invalidPage.GetElementById("inbound.importedFolder-error"));
        Assert.Equal(HttpStatusCode.Redirect, valid.StatusCode);
        Assert.Equal("Done", stored.ImportedFolder);
        Assert.Equal(partition, stored.PartitionId);
        Assert.Equal("Done", PageBrowser.FieldValue(edit, "InboundForm.ImportedFolder"));
        var chosen = edit.QuerySelector("#inbound-partition option[selected]");
        Assert.Equal("Client B", chosen?.TextContent);
    }

    private Task<Guid> AddPartitionAsync(Guid tenantId, string name) =>
        server.TenantAsync(tenantId, async db =>
        {
            var partition = new ClientPartition { Name = name };
            db.ClientPartitions.Add(partition);
            await db.SaveChangesAsync();
            return partition.Id;
        });
}

public sealed class InboundAccountOptionsOnSqlite(SqliteServerFixture server) : InboundAccountOptionsShould<SqliteServerFixture>(server);

public sealed class InboundAccountOptionsOnPostgres(PostgresServerFixture server) : InboundAccountOptionsShould<PostgresServerFixture>(server);

public sealed class InboundAccountOptionsOnSqlServer(SqlServerServerFixture server) : InboundAccountOptionsShould<SqlServerServerFixture>(server.Required());
