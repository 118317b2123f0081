using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.MailAccounts;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Organization;

/// <summary>The category mask page: signed in with the cookie, field errors beside the fields, the escalation rule and the KPI supervisors saved.</summary>
public abstract class CategoryPagesShould<TFixture>(TFixture server) : IClassFixture<TFixture>
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

        var list = await browser.GetStringAsync($"/t/{source}/admin/categories");
        Assert.Contains($"/admin/categories/{id}", list, StringComparison.Ordinal);
        var fields = await AntiForgeryAsync(browser, page);
        Assert.Contains($"{targetId}/{targetCategory}", await browser.GetStringAsync(page), StringComparison.Ordinal);
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

        using var invalid = await browser.PostAsync(page, new FormUrlEncodedContent(Form("soon")));
        var html = await invalid.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("data-error-for=\"kpi.goalHours\"", html, StringComparison.Ordinal);
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
        var greeting = await CategoriesShould<TFixture>.IdOfAsync(await admin.PostAsJsonAsync("api/text-blocks", new { name = "Greeting", body = "Hello", channel = "Email" }));
        await CategoriesShould<TFixture>.IdOfAsync(await admin.PostAsJsonAsync("api/text-blocks", new { name = "Farewell", body = "Bye", channel = "Email" }));
        using var browser = await SignedInBrowserAsync($"admin@{slug}.example", slug);
        var page = $"/t/{slug}/admin/categories/{id}";
        var form = await AntiForgeryAsync(browser, page);
        async Task<HttpResponseMessage> PostAsync(string query, params (string Name, string Value)[] fields) =>
            await browser.PostAsync($"{page}?{query}", new FormUrlEncodedContent(form.Concat(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)))));
        async Task<List<(string?, bool)>> TemplatesAsync() => (await admin.GetFromJsonAsync<JsonElement>($"api/categories/{id}/templates")).EnumerateArray()
            .Select(t => (t.GetProperty("name").GetString(), t.GetProperty("isDefault").GetBoolean())).ToList();

        Assert.Contains($"name=\"textBlockIds\" value=\"{greeting}\"", await browser.GetStringAsync(page), StringComparison.Ordinal);
        using var badPlaceholder = await PostAsync("handler=Template", ("name", "Standard"), ("body", "Dear {customer.nam}"));
        var html = await badPlaceholder.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, badPlaceholder.StatusCode);
        Assert.Contains("data-error-for=\"template.body\"", html, StringComparison.Ordinal);
        Assert.Contains("Dear {customer.nam}</textarea>", html, StringComparison.Ordinal);
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
        Assert.Contains($"name=\"textBlockIds\" value=\"{greeting}\" checked=\"checked\"", await browser.GetStringAsync(page), StringComparison.Ordinal);
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

        var html = await browser.GetStringAsync(page);
        Assert.Contains($"name=\"kpi.supervisorIds\" value=\"{supervisor.Id}\"", html, StringComparison.Ordinal);
        Assert.Contains(supervisor.Email, html, StringComparison.Ordinal);
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
        Assert.Contains($"name=\"kpi.supervisorIds\" value=\"{supervisor.Id}\" checked=\"checked\"", await browser.GetStringAsync(page), StringComparison.Ordinal);

        // Saving another field keeps the choice, because the boxes post it again.
        await PageBrowser.PostAsync(browser, page, PageBrowser.Form(form, [.. Fields(supervisor.Id), ("description", "Everything else")]), HttpStatusCode.Redirect);
        Assert.Equal([supervisor.Id], await NotifiedAsync());

        foreach (var notSupervisor in new[] { agent.Id, foreignSupervisor.Id })
        {
            var refused = await PageBrowser.PostAsync(browser, page, PageBrowser.Form(form, [.. Fields(supervisor.Id, notSupervisor), ("description", "Not saved")]), HttpStatusCode.OK);
            Assert.Contains("data-error-for=\"kpi.supervisorIds\">Choose supervisors of this tenant.", refused, StringComparison.Ordinal);
            Assert.Contains($"name=\"kpi.supervisorIds\" value=\"{supervisor.Id}\" checked=\"checked\"", refused, StringComparison.Ordinal);
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

        Assert.Contains($"<option value=\"{group}\"", await browser.GetStringAsync(list), StringComparison.Ordinal);
        var empty = await PageBrowser.PostAsync(browser, list, PageBrowser.Form(form, ("Name", " "), ("Description", "Kept"), ("AgentGroupId", group)), HttpStatusCode.OK);
        Assert.Contains("data-error-for=\"name\"", empty, StringComparison.Ordinal);
        Assert.Contains("value=\"Kept\"", empty, StringComparison.Ordinal);
        var duplicate = await PageBrowser.PostAsync(browser, list, PageBrowser.Form(form, ("Name", "General"), ("AgentGroupId", group)), HttpStatusCode.OK);
        Assert.Contains("data-error-for=\"name\">A category named", duplicate, StringComparison.Ordinal);
        var noGroup = await PageBrowser.PostAsync(browser, list, PageBrowser.Form(form, ("Name", "Billing"), ("AgentGroupId", Guid.NewGuid().ToString())), HttpStatusCode.OK);
        Assert.Contains("data-error-for=\"agentGroupId\"", noGroup, StringComparison.Ordinal);
        Assert.Equal(["General"], await NamesAsync());

        using var added = await browser.PostAsync(list, PageBrowser.Form(form, ("Name", "Billing"), ("Description", "Invoices"), ("AgentGroupId", group)));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var billing = (await admin.GetFromJsonAsync<JsonElement>("api/categories")).EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Billing");
        Assert.Equal("Invoices", billing.GetProperty("description").GetString());
        Assert.False(billing.GetProperty("isDefault").GetBoolean());
        Assert.Equal($"/t/{slug}/admin/categories/{billing.GetProperty("id").GetGuid()}?saved=True", added.Headers.Location!.OriginalString);
        Assert.Contains("<h1>Category Billing</h1>", await browser.GetStringAsync(added.Headers.Location), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteACategoryButNotTheDefaultNorOneTheRoutingPlanUses()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var general = (await admin.GetFromJsonAsync<JsonElement>("api/categories"))[0].GetProperty("id").GetGuid();
        var billing = await CategoriesShould<TFixture>.IdOfAsync(await admin.PostAsJsonAsync("api/categories", new { name = "Billing" }));
        var returns = await CategoriesShould<TFixture>.IdOfAsync(await admin.PostAsJsonAsync("api/categories", new { name = "Returns" }));
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
        new() { ["__RequestVerificationToken"] = MailAccountsPageShould<TFixture>.AntiForgery(await browser.GetStringAsync(page)) };

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
