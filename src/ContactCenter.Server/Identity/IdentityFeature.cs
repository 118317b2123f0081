using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity.ApiClients;
using Microsoft.AspNetCore.Identity;

namespace ContactCenter.Server.Identity;

/// <summary>People (ASP.NET Core Identity users in the catalog), our OpenID Connect provider, its clients and the tenant roles and permissions.</summary>
public static class IdentityFeature
{
    public static IHostApplicationBuilder AddIdentity(this IHostApplicationBuilder builder)
    {
        builder.AddPeople();
        builder.AddIdentityProvider();
        builder.Services.AddTenantPermissions();
        return builder;
    }

    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app) => app.MapIdentityProvider().MapClients().MapApiClients();

    private static IHostApplicationBuilder AddPeople(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdentityCore<PlatformUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Lockout.MaxFailedAccessAttempts = 5;
            })
            .AddErrorDescriber<IdentityErrorTexts>()
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<CatalogDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        builder.Services.AddSingleton<PlatformMailDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PlatformMailDispatcher>());
        return builder;
    }
}
