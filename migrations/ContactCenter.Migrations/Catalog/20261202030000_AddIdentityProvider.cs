using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Catalog;

/// <summary>The OpenID Connect provider: clients, signing keys, issued grants; the "all my tenants" tenant setting.</summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261202030000_AddIdentityProvider")]
public sealed class AddIdentityProvider : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("AllowsSignInForAllTenants", "Tenants", nullable: false, defaultValue: true);

        CreateClients(migrationBuilder);

        migrationBuilder.CreateTable(
            name: "SigningKeys",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                KeyId = table.Column<string>(maxLength: 64, nullable: false),
                Algorithm = table.Column<string>(maxLength: 10, nullable: false),
                ProtectedKey = table.Column<string>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ActiveFrom = table.Column<DateTime>(nullable: false),
                RetiresAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_SigningKeys", x => x.Id));

        CreateGrants(migrationBuilder);
        migrationBuilder.CreateIndex("IX_SigningKeys_KeyId", "SigningKeys", "KeyId", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("OidcGrants");
        migrationBuilder.DropTable("SigningKeys");
        migrationBuilder.DropTable("OidcClients");
        migrationBuilder.DropColumn("AllowsSignInForAllTenants", "Tenants");
    }

    /// <summary>Our own provider's clients (moved to OpenIddict's applications, and back by its <c>Down</c>).</summary>
    internal static void CreateClients(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "OidcClients",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ClientId = table.Column<string>(maxLength: 100, nullable: false),
                DisplayName = table.Column<string>(maxLength: 200, nullable: true),
                SecretHash = table.Column<string>(maxLength: 200, nullable: true),
                RedirectUris = table.Column<string>(maxLength: 4000, nullable: false),
                PostLogoutRedirectUris = table.Column<string>(maxLength: 4000, nullable: false),
                GrantTypes = table.Column<string>(maxLength: 4000, nullable: false),
                Scopes = table.Column<string>(maxLength: 4000, nullable: false),
                TenantId = table.Column<Guid>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OidcClients", x => x.Id);
                table.ForeignKey("FK_OidcClients_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_OidcClients_ClientId", "OidcClients", "ClientId", unique: true);
        migrationBuilder.CreateIndex("IX_OidcClients_TenantId", "OidcClients", "TenantId");
    }

    /// <summary>Our own provider's grants (moved to OpenIddict's tokens, and back by its <c>Down</c>).</summary>
    internal static void CreateGrants(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "OidcGrants",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                Handle = table.Column<string>(maxLength: 100, nullable: false),
                ChainId = table.Column<Guid>(nullable: false),
                ClientId = table.Column<string>(maxLength: 100, nullable: false),
                UserId = table.Column<Guid>(nullable: true),
                Tenant = table.Column<string>(maxLength: 40, nullable: true),
                Scopes = table.Column<string>(maxLength: 1000, nullable: false),
                RedirectUri = table.Column<string>(maxLength: 2000, nullable: true),
                Nonce = table.Column<string>(maxLength: 500, nullable: true),
                CodeChallenge = table.Column<string>(maxLength: 100, nullable: true),
                AuthenticatedAt = table.Column<DateTime>(nullable: true),
                AuthenticationMethods = table.Column<string>(maxLength: 100, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
                RedeemedAt = table.Column<DateTime>(nullable: true),
                RevokedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_OidcGrants", x => x.Id));
        migrationBuilder.CreateIndex("IX_OidcGrants_Handle", "OidcGrants", "Handle", unique: true);
        migrationBuilder.CreateIndex("IX_OidcGrants_ChainId", "OidcGrants", "ChainId");
        migrationBuilder.CreateIndex("IX_OidcGrants_ExpiresAt", "OidcGrants", "ExpiresAt");
    }
}
