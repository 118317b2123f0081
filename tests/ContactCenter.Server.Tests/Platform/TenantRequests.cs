using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Requests;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Platform;

/// <summary>What the move and backup tests write into a tenant and read back through its API.</summary>
internal static class TenantRequests
{
    public static Task<Tenant> TenantAsync(ServerFixture server, string slug) =>
        server.CatalogAsync(c => c.Tenants.AsNoTracking().SingleAsync(t => t.Slug == slug));

    /// <summary>One request with one received message (and its raw mail) per subject.</summary>
    public static async Task AddAsync(ServerFixture server, Guid tenantId, params string[] subjects)
    {
        var number = await server.TenantAsync(tenantId, db => db.Requests.CountAsync()) + 100;
        foreach (var subject in subjects)
        {
            var request = RequestData.NewRequest(++number, subject);
            var raw = RequestData.Raw(RequestData.Mime(subject));
            await RequestData.AddAsync(server, tenantId, request, raw, RequestData.Inbound(request, raw, 1));
        }
    }

    /// <summary>The subjects of every request the tenant's API lists, in order.</summary>
    public static async Task<List<string>> SubjectsAsync(HttpClient admin)
    {
        var page = await TenantApi.JsonAsync(await admin.GetAsync("api/requests?status=all"), HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()!).Order(StringComparer.Ordinal).ToList();
    }
}
