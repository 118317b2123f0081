using ContactCenter.Data.Catalog;
using Microsoft.AspNetCore.Identity;

namespace ContactCenter.Server.Identity;

/// <summary>People: ASP.NET Core Identity users in the catalog. The login issue adds the OpenID Connect provider here.</summary>
public static class IdentityFeature
{
    public static IHostApplicationBuilder AddPlatformIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdentityCore<PlatformUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Lockout.MaxFailedAccessAttempts = 5;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<CatalogDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        return builder;
    }
}
