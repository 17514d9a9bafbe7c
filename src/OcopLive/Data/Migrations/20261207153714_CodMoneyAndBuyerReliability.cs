using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OcopLive.Data.Migrations
{
    /// <inheritdoc />
    public partial class CodMoneyAndBuyerReliability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "prepay_required",
                table: "orders",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "buyer_reliability",
                columns: table => new
                {
                    phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    delivered = table.Column<int>(type: "integer", nullable: false),
                    returned = table.Column<int>(type: "integer", nullable: false),
                    refused = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_buyer_reliability", x => x.phone);
                    table.CheckConstraint("ck_buyer_reliability_counts", "delivered >= 0 AND returned >= 0 AND refused >= 0");
                });

            migrationBuilder.CreateTable(
                name: "cod_settlements",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    carrier = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    producer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tracking_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    line_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    shipment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    collected_vnd = table.Column<long>(type: "bigint", nullable: false),
                    fee_vnd = table.Column<long>(type: "bigint", nullable: false),
                    transfer_date = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    review = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    notification_id = table.Column<long>(type: "bigint", nullable: true),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    row = table.Column<int>(type: "integer", nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    imported_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cod_settlements", x => x.id);
                    table.CheckConstraint("ck_cod_settlements_collected", "collected_vnd >= 0");
                    table.CheckConstraint("ck_cod_settlements_fee", "fee_vnd >= 0");
                    table.ForeignKey(
                        name: "fk_cod_settlements_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cod_settlements_producers_producer_id",
                        column: x => x.producer_id,
                        principalTable: "producers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cod_settlements_line_key",
                table: "cod_settlements",
                column: "line_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_cod_settlements_order_id",
                table: "cod_settlements",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_cod_settlements_producer_id_review",
                table: "cod_settlements",
                columns: new[] { "producer_id", "review" });

            // Buyer reliability follows every parcel status change (Delivery/Reliability/ReliabilitySql.cs).
            migrationBuilder.Sql(OcopLive.Delivery.Reliability.ReliabilitySql.CreateTrigger);
            migrationBuilder.Sql(OcopLive.Delivery.Reliability.ReliabilitySql.Backfill);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(OcopLive.Delivery.Reliability.ReliabilitySql.DropTrigger);

            migrationBuilder.DropTable(
                name: "buyer_reliability");

            migrationBuilder.DropTable(
                name: "cod_settlements");

            migrationBuilder.DropColumn(
                name: "prepay_required",
                table: "orders");
        }
    }
}
