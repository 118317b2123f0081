using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>
/// PostgreSQL: the large mail columns (raw bytes, bodies, headers, attachments) compressed with lz4 instead of pglz,
/// which costs the database a fraction of the processor time per received message — where the server was built with
/// lz4; elsewhere, and on the other providers, nothing changes. Applies to values written from now on.
/// </summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261209020000_CompressMailWithLz4")]
public sealed class CompressMailWithLz4 : Migration
{
    private static readonly (string Table, string Column)[] Columns =
    [
        ("RawMails", "Content"), ("RequestMessages", "Headers"), ("RequestMessages", "Text"), ("RequestMessages", "Html"), ("MessageAttachments", "Content"),
    ];

    protected override void Up(MigrationBuilder migrationBuilder) => SetCompression(migrationBuilder, "lz4");

    protected override void Down(MigrationBuilder migrationBuilder) => SetCompression(migrationBuilder, "pglz");

    private static void SetCompression(MigrationBuilder migrationBuilder, string method)
    {
        if (!migrationBuilder.IsNpgsql())
        {
            return;
        }

        var statements = string.Concat(Columns.Select(c => $"""ALTER TABLE "{c.Table}" ALTER COLUMN "{c.Column}" SET COMPRESSION {method}; """));
        migrationBuilder.Sql($"""
            DO $lz4$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND '{method}' = ANY (enumvals)) THEN
                    {statements}
                END IF;
            END $lz4$;
            """);
    }
}
