using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PropertyFlow.Postgres.Migrations.Property
{
    /// <inheritdoc />
    public partial class InitialPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pm_audit",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    EntityType = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    EntityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Action = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Changes = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_audit", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_bills",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Period = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Reference = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Principal = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    Breakdown = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    LateFee = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    PaidAmount = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    GraceDays = table.Column<int>(type: "integer", nullable: false),
                    LateFeeDailyRate = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    LateFeeAccruedThrough = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PaidAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    BatchKey = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_bills", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_buildings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_buildings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_communities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_communities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_complaints",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: true),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Category = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReopenCount = table.Column<int>(type: "integer", nullable: false),
                    AssignedGroup = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Assignee = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CalmingStartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CalmedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FollowedUpAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OwnerSatisfied = table.Column<bool>(type: "boolean", nullable: true),
                    Resolution = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    SourceKey = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_complaints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_expenses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Category = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    Description = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_expenses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_fee_rules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Basis = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Rate = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    DueDay = table.Column<int>(type: "integer", nullable: false),
                    GraceDays = table.Column<int>(type: "integer", nullable: false),
                    LateFeeDailyRate = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_fee_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_inspection_plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Skill = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Checkpoints = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    EveryDays = table.Column<int>(type: "integer", nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_inspection_plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_inspection_rounds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    InspectorId = table.Column<Guid>(type: "uuid", nullable: true),
                    Inspector = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    BatchKey = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Findings = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_inspection_rounds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_invoices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BillId = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    VoidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_invoices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_kpi_snapshots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Period = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    CollectionRate = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    ComplaintTimeliness = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    FollowUpRate = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    RepairTimeliness = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    Satisfaction = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    ReopenCount = table.Column<int>(type: "integer", nullable: false),
                    ComplaintCount = table.Column<int>(type: "integer", nullable: false),
                    WorkOrderCount = table.Column<int>(type: "integer", nullable: false),
                    EvaluatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_kpi_snapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_owners",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Email = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Phone = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    PreferredLanguage = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_owners", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    TransactionId = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reference = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Unapplied = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_payments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_staff",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserName = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Role = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Email = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Phone = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Skills = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    OnDuty = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_staff", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_statements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Period = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Income = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    Expense = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_statements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_surveys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Period = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Satisfaction = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    Target = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    ResponseCount = table.Column<int>(type: "integer", nullable: false),
                    UnsatisfiedItems = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    SourceKey = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_surveys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_units",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    BuildingId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    AreaM2 = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_units", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_work_orders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: true),
                    ComplaintId = table.Column<Guid>(type: "uuid", nullable: true),
                    Title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Skill = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AssigneeId = table.Column<Guid>(type: "uuid", nullable: true),
                    Assignee = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    DispatchReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DispatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SourceKey = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_work_orders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pm_payment_allocations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PaymentId = table.Column<Guid>(type: "uuid", nullable: false),
                    BillId = table.Column<Guid>(type: "uuid", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_payment_allocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_pm_payment_allocations_pm_payments_PaymentId",
                        column: x => x.PaymentId,
                        principalTable: "pm_payments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pm_statement_lines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    StatementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Category = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_statement_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_pm_statement_lines_pm_statements_StatementId",
                        column: x => x.StatementId,
                        principalTable: "pm_statements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pm_survey_invitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SurveyId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Token = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_survey_invitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_pm_survey_invitations_pm_surveys_SurveyId",
                        column: x => x.SurveyId,
                        principalTable: "pm_surveys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pm_survey_questions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SurveyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Item = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Text = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    TextEn = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Average = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    Satisfaction = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_survey_questions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_pm_survey_questions_pm_surveys_SurveyId",
                        column: x => x.SurveyId,
                        principalTable: "pm_surveys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pm_survey_answers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InvitationId = table.Column<Guid>(type: "uuid", nullable: false),
                    QuestionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pm_survey_answers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_pm_survey_answers_pm_survey_invitations_InvitationId",
                        column: x => x.InvitationId,
                        principalTable: "pm_survey_invitations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_pm_audit_At",
                table: "pm_audit",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_pm_audit_EntityType_EntityId",
                table: "pm_audit",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_pm_bills_BatchKey",
                table: "pm_bills",
                column: "BatchKey");

            migrationBuilder.CreateIndex(
                name: "IX_pm_bills_CommunityId_Period",
                table: "pm_bills",
                columns: new[] { "CommunityId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_pm_bills_Reference",
                table: "pm_bills",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_bills_Status_DueDate",
                table: "pm_bills",
                columns: new[] { "Status", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_pm_bills_UnitId_Period",
                table: "pm_bills",
                columns: new[] { "UnitId", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_buildings_CommunityId",
                table: "pm_buildings",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_pm_communities_Code",
                table: "pm_communities",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_complaints_CommunityId_State",
                table: "pm_complaints",
                columns: new[] { "CommunityId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_pm_complaints_SourceKey",
                table: "pm_complaints",
                column: "SourceKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_expenses_CommunityId_Date",
                table: "pm_expenses",
                columns: new[] { "CommunityId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_pm_fee_rules_CommunityId",
                table: "pm_fee_rules",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_pm_inspection_plans_CommunityId",
                table: "pm_inspection_plans",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_pm_inspection_rounds_BatchKey",
                table: "pm_inspection_rounds",
                column: "BatchKey");

            migrationBuilder.CreateIndex(
                name: "IX_pm_inspection_rounds_InspectorId_Day",
                table: "pm_inspection_rounds",
                columns: new[] { "InspectorId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_pm_inspection_rounds_PlanId_Day",
                table: "pm_inspection_rounds",
                columns: new[] { "PlanId", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_invoices_BillId",
                table: "pm_invoices",
                column: "BillId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_invoices_Number",
                table: "pm_invoices",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_kpi_snapshots_CommunityId_Period",
                table: "pm_kpi_snapshots",
                columns: new[] { "CommunityId", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_notices_CommunityId",
                table: "pm_notices",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_pm_owners_Email",
                table: "pm_owners",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_pm_payment_allocations_BillId",
                table: "pm_payment_allocations",
                column: "BillId");

            migrationBuilder.CreateIndex(
                name: "IX_pm_payment_allocations_PaymentId",
                table: "pm_payment_allocations",
                column: "PaymentId");

            migrationBuilder.CreateIndex(
                name: "IX_pm_payments_TransactionId",
                table: "pm_payments",
                column: "TransactionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_staff_UserName",
                table: "pm_staff",
                column: "UserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_statement_lines_StatementId",
                table: "pm_statement_lines",
                column: "StatementId");

            migrationBuilder.CreateIndex(
                name: "IX_pm_statements_CommunityId_Period",
                table: "pm_statements",
                columns: new[] { "CommunityId", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_survey_answers_InvitationId",
                table: "pm_survey_answers",
                column: "InvitationId");

            migrationBuilder.CreateIndex(
                name: "IX_pm_survey_answers_QuestionId",
                table: "pm_survey_answers",
                column: "QuestionId");

            migrationBuilder.CreateIndex(
                name: "IX_pm_survey_invitations_SurveyId_OwnerId",
                table: "pm_survey_invitations",
                columns: new[] { "SurveyId", "OwnerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_survey_invitations_Token",
                table: "pm_survey_invitations",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_survey_questions_SurveyId_Item",
                table: "pm_survey_questions",
                columns: new[] { "SurveyId", "Item" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_surveys_CommunityId_Period",
                table: "pm_surveys",
                columns: new[] { "CommunityId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_pm_surveys_SourceKey",
                table: "pm_surveys",
                column: "SourceKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_units_CommunityId_Number",
                table: "pm_units",
                columns: new[] { "CommunityId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_units_OwnerId",
                table: "pm_units",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_pm_work_orders_SourceKey",
                table: "pm_work_orders",
                column: "SourceKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pm_work_orders_State_AssigneeId",
                table: "pm_work_orders",
                columns: new[] { "State", "AssigneeId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pm_audit");

            migrationBuilder.DropTable(
                name: "pm_bills");

            migrationBuilder.DropTable(
                name: "pm_buildings");

            migrationBuilder.DropTable(
                name: "pm_communities");

            migrationBuilder.DropTable(
                name: "pm_complaints");

            migrationBuilder.DropTable(
                name: "pm_expenses");

            migrationBuilder.DropTable(
                name: "pm_fee_rules");

            migrationBuilder.DropTable(
                name: "pm_inspection_plans");

            migrationBuilder.DropTable(
                name: "pm_inspection_rounds");

            migrationBuilder.DropTable(
                name: "pm_invoices");

            migrationBuilder.DropTable(
                name: "pm_kpi_snapshots");

            migrationBuilder.DropTable(
                name: "pm_notices");

            migrationBuilder.DropTable(
                name: "pm_owners");

            migrationBuilder.DropTable(
                name: "pm_payment_allocations");

            migrationBuilder.DropTable(
                name: "pm_staff");

            migrationBuilder.DropTable(
                name: "pm_statement_lines");

            migrationBuilder.DropTable(
                name: "pm_survey_answers");

            migrationBuilder.DropTable(
                name: "pm_survey_questions");

            migrationBuilder.DropTable(
                name: "pm_units");

            migrationBuilder.DropTable(
                name: "pm_work_orders");

            migrationBuilder.DropTable(
                name: "pm_payments");

            migrationBuilder.DropTable(
                name: "pm_statements");

            migrationBuilder.DropTable(
                name: "pm_survey_invitations");

            migrationBuilder.DropTable(
                name: "pm_surveys");
        }
    }
}
