using System.Xml.Linq;
using ContactCenter.Data.Catalog;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ContactCenter.Server.Tenancy;

/// <summary>
/// Data Protection keys live in the catalog, so cookies, antiforgery tokens and encrypted secrets work on
/// every server instance and survive restarts.
/// </summary>
public sealed class CatalogXmlRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        return catalog.DataProtectionKeys.Select(k => k.Xml).AsEnumerable().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        catalog.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        catalog.SaveChanges();
    }
}
