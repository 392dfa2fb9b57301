using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace TenantDb.Wire.Tests.Clients.EfCore;

public sealed class Shelf
{
    public int Id { get; set; }
    public string Label { get; set; } = "";
}

/// <summary>A context whose second migration changes a column's default and its key's identity kind.</summary>
public sealed class ShelfContext(DbContextOptions<ShelfContext> options) : DbContext(options)
{
    public DbSet<Shelf> Shelves => Set<Shelf>();

    public static DbContextOptions<ShelfContext> Options(string connectionString, Action<string> log) =>
        new DbContextOptionsBuilder<ShelfContext>()
            .UseNpgsql(connectionString)
            // Hand-written migrations without a model snapshot (see LibraryContext).
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .LogTo(log, Microsoft.Extensions.Logging.LogLevel.Information)
            .Options;
}

[DbContext(typeof(ShelfContext))]
[Migration("20260201000000_CreateShelves")]
public sealed class CreateShelves : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "Shelves",
            columns: table => new
            {
                Id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Label = table.Column<string>(type: "text", nullable: false, defaultValue: "none"),
            },
            constraints: table => table.PrimaryKey("PK_Shelves", x => x.Id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "Shelves");
}

[DbContext(typeof(ShelfContext))]
[Migration("20260202000000_ChangeShelfDefaultAndIdentity")]
public sealed class ChangeShelfDefaultAndIdentity : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AlterColumn<string>(
            name: "Label", table: "Shelves", type: "text", nullable: false, defaultValue: "unlabelled",
            oldClrType: typeof(string), oldType: "text", oldDefaultValue: "none");
        migrationBuilder.AlterColumn<int>(
            name: "Id", table: "Shelves", type: "integer", nullable: false,
            oldClrType: typeof(int), oldType: "integer")
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn)
            .OldAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AlterColumn<string>(
            name: "Label", table: "Shelves", type: "text", nullable: false, defaultValue: "none",
            oldClrType: typeof(string), oldType: "text", oldDefaultValue: "unlabelled");
        migrationBuilder.AlterColumn<int>(
            name: "Id", table: "Shelves", type: "integer", nullable: false,
            oldClrType: typeof(int), oldType: "integer")
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
            .OldAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn);
    }
}
