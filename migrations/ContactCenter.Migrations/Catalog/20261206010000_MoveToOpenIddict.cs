using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Catalog;

/// <summary>
/// The OpenID Connect provider moves to OpenIddict: its applications, authorizations, scopes and tokens replace our
/// clients and grants. Nothing of the old provider can be read by OpenIddict: codes and refresh tokens end (people
/// sign in again) and clients are registered again with the <c>clients</c> command (before any deployment, so
/// nobody's client is lost).
/// </summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261206010000_MoveToOpenIddict")]
public sealed class MoveToOpenIddict : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "OpenIddictApplications",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ApplicationType = table.Column<string>(maxLength: 50, nullable: true),
                ClientId = table.Column<string>(maxLength: OidcApplication.ClientIdMaxLength, nullable: true),
                ClientSecret = table.Column<string>(nullable: true),
                ClientType = table.Column<string>(maxLength: 50, nullable: true),
                ConcurrencyToken = table.Column<string>(maxLength: 50, nullable: true),
                ConsentType = table.Column<string>(maxLength: 50, nullable: true),
                DisplayName = table.Column<string>(nullable: true),
                DisplayNames = table.Column<string>(nullable: true),
                JsonWebKeySet = table.Column<string>(nullable: true),
                Permissions = table.Column<string>(nullable: true),
                PostLogoutRedirectUris = table.Column<string>(nullable: true),
                Properties = table.Column<string>(nullable: true),
                RedirectUris = table.Column<string>(nullable: true),
                Requirements = table.Column<string>(nullable: true),
                Settings = table.Column<string>(nullable: true),
                TenantId = table.Column<Guid>(nullable: true),
                Role = table.Column<string>(maxLength: 100, nullable: true),
                IsFirstParty = table.Column<bool>(nullable: false, defaultValue: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OpenIddictApplications", x => x.Id);
                table.ForeignKey("FK_OpenIddictApplications_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "OpenIddictScopes",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ConcurrencyToken = table.Column<string>(maxLength: 50, nullable: true),
                Description = table.Column<string>(nullable: true),
                Descriptions = table.Column<string>(nullable: true),
                DisplayName = table.Column<string>(nullable: true),
                DisplayNames = table.Column<string>(nullable: true),
                Name = table.Column<string>(maxLength: 200, nullable: true),
                Properties = table.Column<string>(nullable: true),
                Resources = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_OpenIddictScopes", x => x.Id));

        migrationBuilder.CreateTable(
            name: "OpenIddictAuthorizations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ApplicationId = table.Column<Guid>(nullable: true),
                ConcurrencyToken = table.Column<string>(maxLength: 50, nullable: true),
                CreationDate = table.Column<DateTime>(nullable: true),
                Properties = table.Column<string>(nullable: true),
                Scopes = table.Column<string>(nullable: true),
                Status = table.Column<string>(maxLength: 50, nullable: true),
                Subject = table.Column<string>(maxLength: OidcApplication.ClientIdMaxLength, nullable: true),
                Type = table.Column<string>(maxLength: 50, nullable: true),
                Tenant = table.Column<string>(maxLength: ContactCenter.Data.Catalog.Tenant.SlugMaxLength, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OpenIddictAuthorizations", x => x.Id);
                table.ForeignKey("FK_OpenIddictAuthorizations_Application", x => x.ApplicationId, "OpenIddictApplications", "Id");
            });

        migrationBuilder.CreateTable(
            name: "OpenIddictTokens",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ApplicationId = table.Column<Guid>(nullable: true),
                AuthorizationId = table.Column<Guid>(nullable: true),
                ConcurrencyToken = table.Column<string>(maxLength: 50, nullable: true),
                CreationDate = table.Column<DateTime>(nullable: true),
                ExpirationDate = table.Column<DateTime>(nullable: true),
                Payload = table.Column<string>(nullable: true),
                Properties = table.Column<string>(nullable: true),
                RedemptionDate = table.Column<DateTime>(nullable: true),
                ReferenceId = table.Column<string>(maxLength: 100, nullable: true),
                Status = table.Column<string>(maxLength: 50, nullable: true),
                Subject = table.Column<string>(maxLength: OidcApplication.ClientIdMaxLength, nullable: true),
                Type = table.Column<string>(maxLength: 150, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OpenIddictTokens", x => x.Id);
                table.ForeignKey("FK_OpenIddictTokens_Application", x => x.ApplicationId, "OpenIddictApplications", "Id");
                table.ForeignKey("FK_OpenIddictTokens_Authorization", x => x.AuthorizationId, "OpenIddictAuthorizations", "Id");
            });

        migrationBuilder.CreateIndex("IX_OpenIddictApplications_ClientId", "OpenIddictApplications", "ClientId", unique: true,
            filter: migrationBuilder.FilterForUniqueNullable("ClientId"));
        migrationBuilder.CreateIndex("IX_OpenIddictApplications_TenantId", "OpenIddictApplications", "TenantId");
        migrationBuilder.CreateIndex("IX_OpenIddictScopes_Name", "OpenIddictScopes", "Name", unique: true,
            filter: migrationBuilder.FilterForUniqueNullable("Name"));
        migrationBuilder.CreateIndex("IX_OpenIddictAuthorizations_ApplicationId_Status_Subject_Type", "OpenIddictAuthorizations",
            ["ApplicationId", "Status", "Subject", "Type"]);
        migrationBuilder.CreateIndex("IX_OpenIddictTokens_ApplicationId_Status_Subject_Type", "OpenIddictTokens",
            ["ApplicationId", "Status", "Subject", "Type"]);
        migrationBuilder.CreateIndex("IX_OpenIddictTokens_AuthorizationId", "OpenIddictTokens", "AuthorizationId");
        migrationBuilder.CreateIndex("IX_OpenIddictTokens_ReferenceId", "OpenIddictTokens", "ReferenceId", unique: true,
            filter: migrationBuilder.FilterForUniqueNullable("ReferenceId"));

        migrationBuilder.DropTable("OidcGrants");
        migrationBuilder.DropTable("OidcClients");
    }

    /// <summary>Back to our own provider's empty tables: OpenIddict's applications and tokens are not carried back either.</summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        AddIdentityProvider.CreateClients(migrationBuilder);
        migrationBuilder.AddColumn<string>(name: "Role", table: "OidcClients", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<bool>("IsFirstParty", "OidcClients", nullable: false, defaultValue: false);
        AddIdentityProvider.CreateGrants(migrationBuilder);
        migrationBuilder.DropTable("OpenIddictTokens");
        migrationBuilder.DropTable("OpenIddictAuthorizations");
        migrationBuilder.DropTable("OpenIddictScopes");
        migrationBuilder.DropTable("OpenIddictApplications");
    }
}
