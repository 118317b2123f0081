namespace ContactCenter.Server.Crm;

/// <summary>The minimal CRM: contacts and the companies they work for.</summary>
public static class CrmFeature
{
    public static IEndpointRouteBuilder MapCrm(this IEndpointRouteBuilder app) => app.MapContacts().MapCompanies();
}
