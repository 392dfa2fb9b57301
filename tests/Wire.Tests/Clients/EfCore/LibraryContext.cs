using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TenantDb.Wire.Tests.Clients.EfCore;

public sealed class Author
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public List<Book> Books { get; set; } = [];
}

public sealed class Book
{
    public long Id { get; set; }
    public int AuthorId { get; set; }
    public Author? Author { get; set; }
    public string Title { get; set; } = "";
    public DateTime Published { get; set; }
    public string? Isbn { get; set; }
}

/// <summary>
/// The context <c>Database.Migrate()</c> runs against: its schema comes only from the migrations beside it
/// (<see cref="LibraryMigrations"/>), written as <c>dotnet ef migrations add</c> writes them.
/// </summary>
public sealed class LibraryContext(DbContextOptions<LibraryContext> options) : DbContext(options)
{
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<Book> Books => Set<Book>();

    public static DbContextOptions<LibraryContext> Options(string connectionString, Action<string> log) =>
        new DbContextOptionsBuilder<LibraryContext>()
            .UseNpgsql(connectionString)
            // The migrations are written by hand, without the model snapshot the design-time tool keeps, so
            // EF cannot prove the model equals them: that check is about tooling, not about the server.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .LogTo(log, Microsoft.Extensions.Logging.LogLevel.Information)
            .Options;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Book>().HasIndex(b => b.Isbn).IsUnique();
    }
}
