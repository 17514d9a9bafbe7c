using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OcopLive.Data.Migrations
{
    /// <inheritdoc />
    public partial class Scheduler : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "auto_go_live",
                table: "sessions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "lineup_edited_by_hand",
                table: "sessions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "programme_id",
                table: "sessions",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "lineup_left_out",
                columns: table => new
                {
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lineup_left_out", x => new { x.session_id, x.product_id });
                    table.ForeignKey(
                        name: "fk_lineup_left_out_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_lineup_left_out_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "producer_report_lines",
                columns: table => new
                {
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    producer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    product_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    orders = table.Column<int>(type: "integer", nullable: false),
                    units = table.Column<int>(type: "integer", nullable: false),
                    revenue_vnd = table.Column<long>(type: "bigint", nullable: false),
                    generated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_producer_report_lines", x => new { x.session_id, x.producer_id, x.product_id });
                    table.ForeignKey(
                        name: "fk_producer_report_lines_producers_producer_id",
                        column: x => x.producer_id,
                        principalTable: "producers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_producer_report_lines_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "programmes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    day_of_week = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    local_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    duration_minutes = table.Column<int>(type: "integer", nullable: false),
                    order_grace_minutes = table.Column<int>(type: "integer", nullable: false),
                    channel = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    weeks_ahead = table.Column<int>(type: "integer", nullable: false),
                    auto_go_live = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_programmes", x => x.id);
                    table.CheckConstraint("ck_programmes_duration", "duration_minutes > 0");
                    table.CheckConstraint("ck_programmes_grace", "order_grace_minutes >= 0");
                    table.CheckConstraint("ck_programmes_weeks_ahead", "weeks_ahead BETWEEN 1 AND 12");
                });

            migrationBuilder.CreateTable(
                name: "session_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    message = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_session_events_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "session_jobs",
                columns: table => new
                {
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    job_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_jobs", x => new { x.session_id, x.kind });
                    table.ForeignKey(
                        name: "fk_session_jobs_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sessions_programme_id_starts_at",
                table: "sessions",
                columns: new[] { "programme_id", "starts_at" },
                unique: true,
                filter: "programme_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lineup_left_out_product_id",
                table: "lineup_left_out",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_producer_report_lines_producer_id_session_id",
                table: "producer_report_lines",
                columns: new[] { "producer_id", "session_id" });

            migrationBuilder.CreateIndex(
                name: "ix_session_events_session_id_at",
                table: "session_events",
                columns: new[] { "session_id", "at" });

            migrationBuilder.AddForeignKey(
                name: "fk_sessions_programmes_programme_id",
                table: "sessions",
                column: "programme_id",
                principalTable: "programmes",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_sessions_programmes_programme_id",
                table: "sessions");

            migrationBuilder.DropTable(
                name: "lineup_left_out");

            migrationBuilder.DropTable(
                name: "producer_report_lines");

            migrationBuilder.DropTable(
                name: "programmes");

            migrationBuilder.DropTable(
                name: "session_events");

            migrationBuilder.DropTable(
                name: "session_jobs");

            migrationBuilder.DropIndex(
                name: "ix_sessions_programme_id_starts_at",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "auto_go_live",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "lineup_edited_by_hand",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "programme_id",
                table: "sessions");
        }
    }
}
