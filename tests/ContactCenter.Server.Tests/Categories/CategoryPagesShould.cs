using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Categories;

/// <summary>The category mask page: signed in with the cookie, field errors beside the fields, the escalation rule and the KPI supervisors saved.</summary>
public abstract class CategoryPagesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task ShowFieldErrorsAndSaveTheEscalationRule()
    {
        var source = await server.SignUpAsync();
        var target = await server.SignUpAsync();
        using var sourceAdmin = await _tokens.AdministratorAsync(source);
        using var targetAdmin = await _tokens.AdministratorAsync(target);
        using (var accepted = await targetAdmin.PostAsJsonAsync("api/escalation-partners", new { slug = source }))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var targetId = (await targetAdmin.GetFromJsonAsync<JsonElement>("api/tenant")).GetProperty("id").GetGuid();
        var targetCategory = (await targetAdmin.GetFromJsonAsync<JsonElement>("api/categories"))[0].GetProperty("id").GetGuid();
        var category = (await sourceAdmin.GetFromJsonAsync<JsonElement>("api/categories"))[0];
        var id = category.GetProperty("id").GetGuid();
        using var browser = await SignedInBrowserAsync($"admin@{source}.example", source);
        var page = $"/t/{source}/admin/categories/{id}";

        var list = await PageBrowser.GetDocumentAsync(browser, $"/t/{source}/admin/categories");
        Assert.Contains(list.QuerySelectorAll("a[href]"), a => a.GetAttribute("href")!.EndsWith($"/admin/categories/{id}", StringComparison.Ordinal));
        var fields = await AntiForgeryAsync(browser, page);
        Assert.NotNull((await PageBrowser.GetDocumentAsync(browser, page)).QuerySelector($"select[name='escalation.target'] option[value='{targetId}/{targetCategory}']"));
        Dictionary<string, string> Form(string goal) => new(fields)
        {
            ["name"] = "General",
            ["agentGroupId"] = category.GetProperty("agentGroupId").GetGuid().ToString(),
            ["isDefault"] = "true",
            ["kpi.goalHours"] = goal,
            ["escalation.backlogThreshold"] = "20",
            ["escalation.deadlineHours"] = "48",
            ["escalation.target"] = $"{targetId}/{targetCategory}",
        };

        var invalid = await PageBrowser.PostForDocumentAsync(browser, page, new FormUrlEncodedContent(Form("soon")), HttpStatusCode.OK);
        Assert.Contains("kpi.goalHours", PageBrowser.ErrorFields(invalid));
        Assert.Equal(JsonValueKind.Null, (await sourceAdmin.GetFromJsonAsync<JsonElement>($"api/categories/{id}")).GetProperty("escalation").ValueKind);

        using var saved = await browser.PostAsync(page, new FormUrlEncodedContent(Form("6")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var detail = await sourceAdmin.GetFromJsonAsync<JsonElement>($"api/categories/{id}");
        Assert.Equal(6, detail.GetProperty("kpi").GetProperty("goalHours").GetInt32());
        Assert.Equal(targetCategory, detail.GetProperty("escalation").GetProperty("targetCategoryId").GetGuid());
        Assert.Equal(48, detail.GetProperty("escalation").GetProperty("deadlineHours").GetInt32());

        var agent = await _tokens.Oidc.CreatePersonAsync((source, TenantRole.Agent));
        using var agentBrowser = await SignedInBrowserAsync(agent.Email, source);
        using var refused = await agentBrowser.GetAsync(page);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    [Fact]
    public async Task ManageTemplatesAndOfferedTextBlocks()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var category = (await admin.GetFromJsonAsync<JsonElement>("api/categories"))[0];
        var id = category.GetProperty("id").GetGuid();
        var greeting = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/text-blocks", new { name = "Greeting", body = "Hello", channel = "Email" }));
        await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/text-blocks", new { name = "Farewell", body = "Bye", channel = "Email" }));
        using var browser = await SignedInBrowserAsync($"admin@{slug}.example", slug);
        var page = $"/t/{slug}/admin/categories/{id}";
        var form = await AntiForgeryAsync(browser, page);
        async Task<HttpResponseMessage> PostAsync(string query, params (string Name, string Value)[] fields) =>
            await browser.PostAsync($"{page}?{query}", new FormUrlEncodedContent(form.Concat(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)))));
        async Task<List<(string?, bool)>> TemplatesAsync() => (await admin.GetFromJsonAsync<JsonElement>($"api/categories/{id}/templates")).EnumerateArray()
            .Select(t => (t.GetProperty("name").GetString(), t.GetProperty("isDefault").GetBoolean())).ToList();

        Assert.NotNull(PageBrowser.Choice(await PageBrowser.GetDocumentAsync(browser, page), "textBlockIds", greeting.ToString()));
        using var badPlaceholder = await PostAsync("handler=Template", ("name", "Standard"), ("body", "Dear {customer.nam}"));
        Assert.Equal(HttpStatusCode.OK, badPlaceholder.StatusCode);
        var refused = PageBrowser.Parse(await badPlaceholder.Content.ReadAsStringAsync());
        Assert.Contains("template.body", PageBrowser.ErrorFields(refused));
        Assert.Contains(refused.QuerySelectorAll("textarea"), t => t.TextContent.EndsWith("Dear {customer.nam}", StringComparison.Ordinal));
        Assert.Empty(await TemplatesAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("handler=Template", ("name", "Standard"), ("body", "Dear {customer.name}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("handler=Template", ("name", "Formal"), ("body", "Dear Sir or Madam"), ("isDefault", "true"))).StatusCode);
        Assert.Equal([("Formal", true), ("Standard", false)], await TemplatesAsync());
        var standard = (await admin.GetFromJsonAsync<JsonElement>($"api/categories/{id}/templates")).EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == "Standard").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync($"handler=DeleteTemplate&templateId={standard}")).StatusCode);
        Assert.Equal([("Formal", true)], await TemplatesAsync());
        Assert.Contains("Template deleted.", await browser.GetStringAsync($"{page}?template=deleted"), StringComparison.Ordinal);

        using var saved = await PostAsync("", ("name", "General"), ("agentGroupId", category.GetProperty("agentGroupId").GetGuid().ToString()), ("isDefault", "true"),
            ("textBlockIds", greeting.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var detail = await admin.GetFromJsonAsync<JsonElement>($"api/categories/{id}");
        Assert.Equal([greeting], detail.GetProperty("textBlockIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.True(PageBrowser.Choice(await PageBrowser.GetDocumentAsync(browser, page), "textBlockIds", greeting.ToString())?.HasAttribute("checked"));
    }

    [Fact]
    public async Task OfferTheTenantsSupervisorsToNotifyAndKeepTheChoice()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var supervisor = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor));
        var agent = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        var foreignSupervisor = await _tokens.Oidc.CreatePersonAsync((other, TenantRole.Supervisor));
        var category = (await admin.GetFromJsonAsync<JsonElement>("api/categories"))[0];
        var id = category.GetProperty("id").GetGuid();
        using var browser = await SignedInBrowserAsync($"admin@{slug}.example", slug);
        var page = $"/t/{slug}/admin/categories/{id}";

        var mask = await PageBrowser.GetDocumentAsync(browser, page);
        var html = mask.DocumentElement.OuterHtml;
        Assert.NotNull(PageBrowser.Choice(mask, "kpi.supervisorIds", supervisor.Id.ToString()));
        Assert.Contains(supervisor.Email, mask.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(agent.Id.ToString(), html, StringComparison.Ordinal);
        Assert.DoesNotContain(foreignSupervisor.Id.ToString(), html, StringComparison.Ordinal);

        var form = await AntiForgeryAsync(browser, page);
        (string, string)[] Fields(params Guid[] supervisors) =>
        [
            ("name", "General"), ("agentGroupId", category.GetProperty("agentGroupId").GetGuid().ToString()), ("isDefault", "true"),
            ("kpi.goalHours", "8"), ("kpi.notifyByEmail", "true"),
            .. supervisors.Select(s => ("kpi.supervisorIds", s.ToString())),
        ];
        async Task<List<Guid>> NotifiedAsync() => (await admin.GetFromJsonAsync<JsonElement>($"api/categories/{id}"))
            .GetProperty("kpi").GetProperty("supervisorIds").EnumerateArray().Select(e => e.GetGuid()).ToList();

        await PageBrowser.PostAsync(browser, page, PageBrowser.Form(form, Fields(supervisor.Id)), HttpStatusCode.Redirect);
        Assert.Equal([supervisor.Id], await NotifiedAsync());
        Assert.True(PageBrowser.Choice(await PageBrowser.GetDocumentAsync(browser, page), "kpi.supervisorIds", supervisor.Id.ToString())?.HasAttribute("checked"));

        // Saving another field keeps the choice, because the boxes post it again.
        await PageBrowser.PostAsync(browser, page, PageBrowser.Form(form, [.. Fields(supervisor.Id), ("description", "Everything else")]), HttpStatusCode.Redirect);
        Assert.Equal([supervisor.Id], await NotifiedAsync());

        foreach (var notSupervisor in new[] { agent.Id, foreignSupervisor.Id })
        {
            var refused = await PageBrowser.PostForDocumentAsync(browser, page, PageBrowser.Form(form, [.. Fields(supervisor.Id, notSupervisor), ("description", "Not saved")]), HttpStatusCode.OK);
            Assert.StartsWith("Choose supervisors of this tenant.", PageBrowser.ErrorText(refused, "kpi.supervisorIds"), StringComparison.Ordinal);
            Assert.True(PageBrowser.Choice(refused, "kpi.supervisorIds", supervisor.Id.ToString())?.HasAttribute("checked"));
            Assert.Equal([supervisor.Id], await NotifiedAsync());
            Assert.Equal("Everything else", (await admin.GetFromJsonAsync<JsonElement>($"api/categories/{id}")).GetProperty("description").GetString());
        }

        await PageBrowser.PostAsync(browser, page, PageBrowser.Form(form, Fields()), HttpStatusCode.Redirect);
        Assert.Empty(await NotifiedAsync());
    }

    [Fact]
    public async Task AddACategoryFromTheListAndLeadToItsMask()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var general = (await admin.GetFromJsonAsync<JsonElement>("api/categories"))[0];
        var group = general.GetProperty("agentGroupId").GetGuid().ToString();
        using var browser = await SignedInBrowserAsync($"admin@{slug}.example", slug);
        var list = $"/t/{slug}/admin/categories";
        var form = await AntiForgeryAsync(browser, list);
        async Task<List<string?>> NamesAsync() => (await admin.GetFromJsonAsync<JsonElement>("api/categories")).EnumerateArray()
            .Select(c => c.GetProperty("name").GetString()).ToList();

        Assert.NotNull((await PageBrowser.GetDocumentAsync(browser, list)).QuerySelector($"option[value='{group}']"));
        var empty = await PageBrowser.PostForDocumentAsync(browser, list, PageBrowser.Form(form, ("Name", " "), ("Description", "Kept"), ("AgentGroupId", group)), HttpStatusCode.OK);
        Assert.Contains("name", PageBrowser.ErrorFields(empty));
        Assert.Equal("Kept", PageBrowser.FieldValue(empty, "Description"));
        var duplicate = await PageBrowser.PostForDocumentAsync(browser, list, PageBrowser.Form(form, ("Name", "General"), ("AgentGroupId", group)), HttpStatusCode.OK);
        Assert.StartsWith("A category named", PageBrowser.ErrorText(duplicate, "name"), StringComparison.Ordinal);
        var noGroup = await PageBrowser.PostForDocumentAsync(browser, list, PageBrowser.Form(form, ("Name", "Billing"), ("AgentGroupId", Guid.NewGuid().ToString())), HttpStatusCode.OK);
        Assert.Contains("agentGroupId", PageBrowser.ErrorFields(noGroup));
        Assert.Equal(["General"], await NamesAsync());

        using var added = await browser.PostAsync(list, PageBrowser.Form(form, ("Name", "Billing"), ("Description", "Invoices"), ("AgentGroupId", group)));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var billing = (await admin.GetFromJsonAsync<JsonElement>("api/categories")).EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Billing");
        Assert.Equal("Invoices", billing.GetProperty("description").GetString());
        Assert.False(billing.GetProperty("isDefault").GetBoolean());
        Assert.Equal($"/t/{slug}/admin/categories/{billing.GetProperty("id").GetGuid()}?saved=True", added.Headers.Location!.OriginalString);
        Assert.Equal("Category Billing", (await PageBrowser.GetDocumentAsync(browser, added.Headers.Location.OriginalString)).QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task DeleteACategoryButNotTheDefaultNorOneTheRoutingPlanUses()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var general = (await admin.GetFromJsonAsync<JsonElement>("api/categories"))[0].GetProperty("id").GetGuid();
        var billing = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/categories", new { name = "Billing" }));
        var returns = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/categories", new { name = "Returns" }));
        using (var rule = await admin.PostAsJsonAsync("api/routing/rules", new { condition = "subject-keyword", value = "invoice", categoryId = billing }))
        {
            Assert.True(rule.IsSuccessStatusCode, await rule.Content.ReadAsStringAsync());
        }

        using var browser = await SignedInBrowserAsync($"admin@{slug}.example", slug);
        async Task<List<string?>> NamesAsync() => (await admin.GetFromJsonAsync<JsonElement>("api/categories")).EnumerateArray()
            .Select(c => c.GetProperty("name").GetString()).Order().ToList();
        async Task<string> DeleteAsync(Guid id, HttpStatusCode expected)
        {
            var page = $"/t/{slug}/admin/categories/{id}";
            return await PageBrowser.PostAsync(browser, $"{page}?handler=Delete", PageBrowser.Form(await AntiForgeryAsync(browser, page)), expected);
        }

        Assert.Contains("is the default category", await DeleteAsync(general, HttpStatusCode.OK), StringComparison.Ordinal);
        Assert.Contains("routing rule(s) send requests to", await DeleteAsync(billing, HttpStatusCode.OK), StringComparison.Ordinal);
        using (var api = await admin.DeleteAsync($"api/categories/{billing}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        }

        Assert.Equal(["Billing", "General", "Returns"], await NamesAsync());
        await DeleteAsync(returns, HttpStatusCode.Redirect);
        Assert.Equal(["Billing", "General"], await NamesAsync());
        Assert.Contains("Category Returns deleted.", await browser.GetStringAsync($"/t/{slug}/admin/categories?deleted=Returns"), StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string>> AntiForgeryAsync(HttpClient browser, string page) =>
        new() { ["__RequestVerificationToken"] = PageBrowser.AntiForgery(await browser.GetStringAsync(page)) };

    /// <summary>A cookie browser that went through <c>/account/login</c> and chose the tenant.</summary>
    private async Task<HttpClient> SignedInBrowserAsync(string email, string slug)
    {
        var browser = _tokens.Oidc.Browser();
        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", email, OidcDriver.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var location = signedIn.Headers.Location!.OriginalString;
        if (location.Split('?')[0].EndsWith("/account/tenant", StringComparison.Ordinal))
        {
            using var chosen = await OidcDriver.ChooseTenantAsync(browser, location, slug);
            Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        }

        return browser;
    }
}

public sealed class CategoryPagesOnSqlite(SqliteServerFixture server) : CategoryPagesShould<SqliteServerFixture>(server);

public sealed class CategoryPagesOnPostgres(PostgresServerFixture server) : CategoryPagesShould<PostgresServerFixture>(server);

public sealed class CategoryPagesOnSqlServer(SqlServerServerFixture server) : CategoryPagesShould<SqlServerServerFixture>(server.Required());
