using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OcopLive.Data.Migrations
{
    /// <inheritdoc />
    public partial class FairFlashDeals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "client_key",
                table: "orders",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "app_secrets",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    value = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_app_secrets", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "used_challenges",
                columns: table => new
                {
                    challenge = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    binding = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_used_challenges", x => x.challenge);
                });

            migrationBuilder.CreateIndex(
                name: "ix_orders_session_id_client_key_product_id",
                table: "orders",
                columns: new[] { "session_id", "client_key", "product_id" },
                filter: "client_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_used_challenges_expires_at",
                table: "used_challenges",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "app_secrets");

            migrationBuilder.DropTable(
                name: "used_challenges");

            migrationBuilder.DropIndex(
                name: "ix_orders_session_id_client_key_product_id",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "client_key",
                table: "orders");
        }
    }
}
