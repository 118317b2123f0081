using ContactCenter.Server;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Identity;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.Organization;
using ContactCenter.Server.Organization.Assets;
using ContactCenter.Server.Organization.OrgTree;
using ContactCenter.Server.Organization.Roles;
using ContactCenter.Server.Organization.TenantMask;
using ContactCenter.Server.Platform;
using ContactCenter.Server.Routing;
using ContactCenter.Server.SignUp;
using ContactCenter.Server.Tenancy;

if (CommandLine.IsStandaloneCommand(args))
{
    return await CommandLine.RunStandaloneAsync(args, CancellationToken.None);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddTenancy().WithHostStrategy().WithPathStrategy().WithHeaderStrategy();
builder.AddPlatformIdentity();
builder.AddIdentityProvider();
builder.AddPlatform();
builder.AddSignUp();
builder.AddOrganization();
builder.Services.AddTenantPermissions();
builder.AddWebHost();
builder.AddCrm();

var app = builder.Build();
await app.Services.MigrateCatalogAsync();
await app.Services.RemoveAbandonedTenantsAsync();
if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(app.Services, args, app.Lifetime.ApplicationStopping);
}

app.UseWebHost();
app.MapSignUp();
app.MapIdentityProvider();
app.MapClients();
app.MapPlatform();
app.MapOrganization();
app.MapTenantMask();
app.MapOrgTree();
app.MapMailAccounts();
app.MapRouting();
app.MapCrm();
app.MapRoles();
app.MapAssets();
app.MapHealth();
app.MapIcon();
app.MapOpenApi().AllowAnonymous();
app.MapRazorPages();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
