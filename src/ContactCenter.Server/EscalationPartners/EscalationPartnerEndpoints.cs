using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.EscalationPartners;

/// <summary>
/// Escalation partners under <c>/api/escalation-partners</c> (administrators only): the tenants this tenant accepts
/// escalations from (kept in the catalog, changes audited in this tenant's trail), and the targets a category's
/// escalation rule may choose — active tenants that accept escalations from this one, and their categories.
/// </summary>
public static class EscalationPartnerEndpoints
{
    public static IEndpointRouteBuilder MapEscalationPartners(this IEndpointRouteBuilder app)
    {
        var partners = app.MapGroup("/api/escalation-partners").RequireTenant().RequireAuthorization(TenantRoles.Administrator).WithTags("Escalation partners");
        partners.MapGet("/", (TenantContext tenant, CatalogDbContext catalog, CancellationToken ct) =>
            ListAsync(catalog.EscalationPartners.Where(p => p.TenantId == tenant.Required.Id).Select(p => p.SourceTenant!), ct));
        partners.MapPost("/", AcceptAsync);
        partners.MapDelete("/{sourceTenantId:guid}", RemoveAsync);
        partners.MapGet("/targets", (TenantContext tenant, CatalogDbContext catalog, CancellationToken ct) =>
            ListAsync(catalog.EscalationPartners.Where(p => p.SourceTenantId == tenant.Required.Id && p.Tenant!.Status == TenantStatus.Active).Select(p => p.Tenant!), ct));
        partners.MapGet("/targets/{tenantId:guid}/categories", TargetCategoriesAsync);
        return app;
    }

    private static async Task<Ok<List<PartnerTenant>>> ListAsync(IQueryable<Data.Catalog.Tenant> tenants, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tenants.OrderBy(t => t.Slug).Select(t => new PartnerTenant(t.Id, t.Slug, t.Name)).ToListAsync(cancellationToken));

    private static async Task<Results<Ok<PartnerTenant>, ValidationProblem>> AcceptAsync(
        PartnerInput input, TenantContext tenant, CatalogDbContext catalog, TenantDbContext db, IStringLocalizer<EscalationPartnersTexts> texts, CancellationToken cancellationToken)
    {
        var slug = input.Slug?.Trim().ToLowerInvariant() ?? "";
        var source = slug.Length == 0 ? null : await catalog.Tenants.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (source is null || source.Id == tenant.Required.Id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["slug"] = [texts["SlugUnknown"]] });
        }

        var self = tenant.Required.Id;
        if (!await catalog.EscalationPartners.AnyAsync(p => p.TenantId == self && p.SourceTenantId == source.Id, cancellationToken))
        {
            catalog.EscalationPartners.Add(new EscalationPartner { TenantId = self, SourceTenantId = source.Id });
            await catalog.SaveChangesAsync(cancellationToken);
            Audit(db, source.Id, "Added", source.Slug);
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(new PartnerTenant(source.Id, source.Slug, source.Name));
    }

    private static async Task<Results<NoContent, NotFound>> RemoveAsync(
        Guid sourceTenantId, TenantContext tenant, CatalogDbContext catalog, TenantDbContext db, CancellationToken cancellationToken)
    {
        var partner = await catalog.EscalationPartners.Include(p => p.SourceTenant)
            .SingleOrDefaultAsync(p => p.TenantId == tenant.Required.Id && p.SourceTenantId == sourceTenantId, cancellationToken);
        if (partner is null)
        {
            return TypedResults.NotFound();
        }

        // Rules of the source tenant that point here stay stored; escalating checks the partnership again when it happens.
        catalog.EscalationPartners.Remove(partner);
        await catalog.SaveChangesAsync(cancellationToken);
        Audit(db, sourceTenantId, "Deleted", partner.SourceTenant?.Slug);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<RemoteCategory>>, NotFound>> TargetCategoriesAsync(
        Guid tenantId, TenantContext tenant, CatalogDbContext catalog, TenantDatabaseFactory databases, CancellationToken cancellationToken)
    {
        // Only a tenant that accepts escalations from this one shows its category names here.
        var source = tenant.Required.Id;
        if (!await catalog.EscalationPartners.AnyAsync(p => p.TenantId == tenantId && p.SourceTenantId == source && p.Tenant!.Status == TenantStatus.Active, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await using var target = await databases.OpenAsync(tenantId, cancellationToken);
        return TypedResults.Ok(await target.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new RemoteCategory(c.Id, c.Name)).ToListAsync(cancellationToken));
    }

    /// <summary>The partnership lives in the catalog; the accepting tenant's trail still records who changed it.</summary>
    private static void Audit(TenantDbContext db, Guid sourceTenantId, string change, string? slug) =>
        db.AuditEntries.Add(new AuditEntry
        {
            Actor = db.Actor,
            Entity = nameof(EscalationPartner),
            EntityId = sourceTenantId,
            Change = change,
            Field = "SourceTenant",
            NewValue = change == "Added" ? slug : null,
            OldValue = change == "Added" ? null : slug,
        });
}
