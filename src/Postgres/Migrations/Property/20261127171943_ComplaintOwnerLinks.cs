using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PropertyFlow.Postgres.Migrations.Property
{
    /// <inheritdoc />
    public partial class ComplaintOwnerLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pm_complaint_owner_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ContactName = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    ContactPhone = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    ContactEmail = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Rating = table.Column<int>(type: "integer", nullable: true),
                    RatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_complaint_owner_links", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_pm_complaint_owner_links_InstanceId",
                table: "pm_complaint_owner_links",
                column: "InstanceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_complaint_owner_links_TokenHash",
                table: "pm_complaint_owner_links",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pm_complaint_owner_links");
        }
    }
}
