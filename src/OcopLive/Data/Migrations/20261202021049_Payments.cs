using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OcopLive.Data.Migrations
{
    /// <inheritdoc />
    public partial class Payments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "bank_account_name",
                table: "producers",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "bank_account_number",
                table: "producers",
                type: "character varying(19)",
                maxLength: 19,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "bank_bin",
                table: "producers",
                type: "character(6)",
                fixedLength: true,
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "paid_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "paid_vnd",
                table: "orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "pay_account",
                table: "orders",
                type: "character varying(19)",
                maxLength: 19,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pay_bin",
                table: "orders",
                type: "character(6)",
                fixedLength: true,
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "payment_method",
                table: "orders",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "CashOnDelivery");

            migrationBuilder.AddColumn<string>(
                name: "payment_status",
                table: "orders",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Unpaid");

            migrationBuilder.CreateTable(
                name: "payment_notifications",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    external_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    account_number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    amount_vnd = table.Column<long>(type: "bigint", nullable: false),
                    content = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    transaction_date = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    review = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    resolved_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolution_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_notifications", x => x.id);
                    table.CheckConstraint("ck_payment_notifications_amount", "amount_vnd >= 0");
                    table.ForeignKey(
                        name: "fk_payment_notifications_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "statement_layouts",
                columns: table => new
                {
                    bin = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    amount_column = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    content_column = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    reference_column = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    date_column = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_statement_layouts", x => x.bin);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_orders_paid_vnd",
                table: "orders",
                sql: "paid_vnd >= 0");

            migrationBuilder.CreateIndex(
                name: "ix_payment_notifications_order_id",
                table: "payment_notifications",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_payment_notifications_review_received_at",
                table: "payment_notifications",
                columns: new[] { "review", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_payment_notifications_source_external_id",
                table: "payment_notifications",
                columns: new[] { "source", "external_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payment_notifications");

            migrationBuilder.DropTable(
                name: "statement_layouts");

            migrationBuilder.DropCheckConstraint(
                name: "ck_orders_paid_vnd",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "bank_account_name",
                table: "producers");

            migrationBuilder.DropColumn(
                name: "bank_account_number",
                table: "producers");

            migrationBuilder.DropColumn(
                name: "bank_bin",
                table: "producers");

            migrationBuilder.DropColumn(
                name: "paid_at",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "paid_vnd",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "pay_account",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "pay_bin",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "payment_method",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "payment_status",
                table: "orders");
        }
    }
}
