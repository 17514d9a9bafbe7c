using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OcopLive.Data.Migrations
{
    /// <inheritdoc />
    public partial class StatementsPerProducerLayoutsImportJobsAndTransferTwins : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_statement_layouts",
                table: "statement_layouts");

            // Layouts become per producer: each producer that banks with a remembered bank keeps
            // that bank's layout as its own copy (its imports work as before); from now on a
            // producer's change touches its own copy only. Layouts of banks no producer uses are dropped.
            migrationBuilder.AddColumn<Guid>(
                name: "producer_id",
                table: "statement_layouts",
                type: "uuid",
                nullable: true);

            migrationBuilder.Sql("""
                INSERT INTO statement_layouts (producer_id, bin, amount_column, content_column, reference_column, date_column, updated_at)
                SELECT p.id, l.bin, l.amount_column, l.content_column, l.reference_column, l.date_column, l.updated_at
                  FROM statement_layouts l JOIN producers p ON p.bank_bin = l.bin
                 WHERE l.producer_id IS NULL;
                DELETE FROM statement_layouts WHERE producer_id IS NULL;
                ALTER TABLE statement_layouts ALTER COLUMN producer_id SET NOT NULL;
                """);

            migrationBuilder.AddColumn<string>(
                name: "bin",
                table: "payment_notifications",
                type: "character varying(6)",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "match_key",
                table: "payment_notifications",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reference_key",
                table: "payment_notifications",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "twin_id",
                table: "payment_notifications",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "pk_statement_layouts",
                table: "statement_layouts",
                columns: new[] { "producer_id", "bin" });

            migrationBuilder.CreateTable(
                name: "statement_imports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    producer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    bin = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    account = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    uploaded_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    lines = table.Column<int>(type: "integer", nullable: false),
                    credits = table.Column<int>(type: "integer", nullable: false),
                    processed = table.Column<int>(type: "integer", nullable: false),
                    result = table.Column<string>(type: "text", nullable: false),
                    pending = table.Column<byte[]>(type: "bytea", nullable: true),
                    job_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_statement_imports", x => x.id);
                    table.ForeignKey(
                        name: "fk_statement_imports_producers_producer_id",
                        column: x => x.producer_id,
                        principalTable: "producers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_payment_notifications_match_key",
                table: "payment_notifications",
                column: "match_key",
                filter: "match_key IS NOT NULL AND twin_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_payment_notifications_reference_key",
                table: "payment_notifications",
                column: "reference_key",
                filter: "reference_key IS NOT NULL AND twin_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_statement_imports_producer_id_created_at",
                table: "statement_imports",
                columns: new[] { "producer_id", "created_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_statement_layouts_producers_producer_id",
                table: "statement_layouts",
                column: "producer_id",
                principalTable: "producers",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_statement_layouts_producers_producer_id",
                table: "statement_layouts");

            migrationBuilder.DropTable(
                name: "statement_imports");

            migrationBuilder.DropPrimaryKey(
                name: "pk_statement_layouts",
                table: "statement_layouts");

            migrationBuilder.DropIndex(
                name: "ix_payment_notifications_match_key",
                table: "payment_notifications");

            migrationBuilder.DropIndex(
                name: "ix_payment_notifications_reference_key",
                table: "payment_notifications");

            // Back to one layout per bank: the most recently saved one of each.
            migrationBuilder.Sql("""
                DELETE FROM statement_layouts a USING statement_layouts b
                 WHERE a.bin = b.bin AND (a.updated_at, a.producer_id) < (b.updated_at, b.producer_id);
                """);

            migrationBuilder.DropColumn(
                name: "producer_id",
                table: "statement_layouts");

            migrationBuilder.DropColumn(
                name: "bin",
                table: "payment_notifications");

            migrationBuilder.DropColumn(
                name: "match_key",
                table: "payment_notifications");

            migrationBuilder.DropColumn(
                name: "reference_key",
                table: "payment_notifications");

            migrationBuilder.DropColumn(
                name: "twin_id",
                table: "payment_notifications");

            migrationBuilder.AddPrimaryKey(
                name: "pk_statement_layouts",
                table: "statement_layouts",
                column: "bin");
        }
    }
}
