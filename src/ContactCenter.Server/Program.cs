using ContactCenter.Server;
using ContactCenter.Server.Assets;
using ContactCenter.Server.Categories;
using ContactCenter.Server.Classifications;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Escalation;
using ContactCenter.Server.EscalationPartners;
using ContactCenter.Server.Forwarding;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Instances;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.Letters;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Notifications;
using ContactCenter.Server.OrgTree;
using ContactCenter.Server.Outbox;
using ContactCenter.Server.Partitions;
using ContactCenter.Server.Platform;
using ContactCenter.Server.RequestRouting;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Roles;
using ContactCenter.Server.ServiceLevels;
using ContactCenter.Server.SignUp;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.TenantSettings;
using ContactCenter.Server.TextBlocks;
using ContactCenter.Server.Tools;

if (CommandLine.IsStandaloneCommand(args))
{
    return await CommandLine.RunStandaloneAsync(args, CancellationToken.None);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddWebHost();
builder.AddInstances();
builder.AddTenancy().WithHostStrategy().WithPathStrategy().WithHeaderStrategy();
builder.AddIdentity();
builder.AddPlatform();
builder.AddSignUp();
builder.AddTenantSettings();
builder.AddOrgTree();
builder.AddCategories();
builder.AddMailAccounts();
builder.AddPartitions();
builder.AddJobs();
builder.AddOutbox();
builder.AddMailFetching();
builder.AddRequests();
builder.AddForwarding();
builder.AddServiceLevels();
builder.AddEscalation();
builder.AddLetters();

var app = builder.Build();
await app.Services.MigrateCatalogAsync();
if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(app.Services, args, app.Lifetime.ApplicationStopping);
}

app.UseWebHost();
app.MapIdentity();
app.MapPlatform();
app.MapSignUp();
app.MapTenantSettings();
app.MapOrgTree();
app.MapRoles();
app.MapCategories();
app.MapTextBlocks();
app.MapClassifications();
app.MapEscalationPartners();
app.MapAssets();
app.MapMailAccounts();
app.MapRequestRouting();
app.MapCrm();
app.MapRequests();
app.MapLetters();
app.MapNotifications();
app.MapPartitions();
app.MapJobs();
app.MapWebHost();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
