using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Clients;

/// <summary>
/// SQLAlchemy 1.4 (Debian's) with psycopg2's default settings, unmodified: the engine connects,
/// <c>MetaData.create_all</c> runs, <c>inspect()</c> reads table names, columns, the primary key, foreign
/// keys, indexes and unique constraints back from the catalog, and an ORM session does CRUD.
/// One python process runs every step (python's start-up is the test's main cost).
/// </summary>
public sealed class SqlAlchemyTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string Script = """
        import os, datetime, decimal, warnings
        warnings.simplefilter("ignore")
        import sqlalchemy as sa
        from sqlalchemy import inspect
        from sqlalchemy.orm import declarative_base, Session, relationship

        url = "postgresql+psycopg2://%s:%s@127.0.0.1:%s/%s" % (os.environ["PGUSER"], os.environ["PGPASSWORD"], os.environ["PGPORT"], os.environ["PGDATABASE"])
        engine = sa.create_engine(url, future=True)
        Base = declarative_base()

        class Author(Base):
            __tablename__ = "authors"
            id = sa.Column(sa.Integer, primary_key=True)
            name = sa.Column(sa.String(80), nullable=False, unique=True)
            born = sa.Column(sa.Date)
            books = relationship("Book", back_populates="author")

        class Book(Base):
            __tablename__ = "books"
            id = sa.Column(sa.Integer, primary_key=True)
            title = sa.Column(sa.Text, nullable=False)
            author_id = sa.Column(sa.Integer, sa.ForeignKey("authors.id", ondelete="CASCADE"), nullable=False, index=True)
            price = sa.Column(sa.Numeric(10, 2))
            in_print = sa.Column(sa.Boolean, default=True)
            added = sa.Column(sa.DateTime)
            author = relationship("Author", back_populates="books")
            __table_args__ = (sa.Index("books_title_price", "title", "price"),)

        Base.metadata.create_all(engine)
        Base.metadata.create_all(engine)  # a second run finds the tables (has_table) and creates nothing
        insp = inspect(engine)
        print("tables", sorted(insp.get_table_names()))
        print("has_table", insp.has_table("books"), insp.has_table("nowhere"))
        for c in insp.get_columns("books"):
            print("column", c["name"], str(c["type"]), c["nullable"], c["default"], c["autoincrement"])
        print("pk", insp.get_pk_constraint("books"))
        print("fks", insp.get_foreign_keys("books"))
        for i in sorted(insp.get_indexes("books"), key=lambda i: i["name"]):
            print("index", i["name"], i["unique"], i["column_names"])
        print("uniques", insp.get_unique_constraints("authors"))

        with Session(engine) as s:
            a = Author(name="Ann", born=datetime.date(1970, 1, 2))
            s.add(a)
            s.add_all([Book(title="One", author=a, price=decimal.Decimal("9.50"), added=datetime.datetime(2020, 1, 1, 12)),
                       Book(title="Two", author=a, in_print=False)])
            s.commit()
            got = s.query(Book).join(Author).filter(Author.name == "Ann").order_by(Book.id).all()
            print("books", [(b.id, b.title, b.author.name, b.price, b.in_print, b.added) for b in got])
            got[1].title = "Two b"
            s.commit()
            s.delete(got[0])
            s.commit()
            print("left", [(b.id, b.title, b.in_print) for b in s.query(Book).all()])
        print("ok")
        """;

    [SkippableFact]
    public void Create_all_reflection_and_orm_crud()
    {
        var python = ExternalTool.SqlAlchemy.Require();
        var tenant = server.NewTenant("sqlalchemy");
        using var directory = new TempDirectory("tenantdb-sqlalchemy-");
        var script = directory.File("app.py");
        File.WriteAllText(script, Script);
        var (code, stdout, stderr) = ChildProcess.Run(python, [script], server.ClientEnvironment(tenant), 120);
        Assert.True(code == 0, $"python failed ({code}): {stderr}\n{stdout}");
        var expected = """
            tables ['authors', 'books']
            has_table True False
            column id INTEGER False nextval('books_id_seq'::regclass) True
            column title TEXT False None False
            column author_id INTEGER False None False
            column price NUMERIC(10, 2) True None False
            column in_print BOOLEAN True None False
            column added TIMESTAMP True None False
            pk {'constrained_columns': ['id'], 'name': 'books_pkey'}
            fks [{'name': 'books_author_id_fkey', 'constrained_columns': ['author_id'], 'referred_schema': None, 'referred_table': 'authors', 'referred_columns': ['id'], 'options': {'ondelete': 'CASCADE'}}]
            index books_title_price False ['title', 'price']
            index ix_books_author_id False ['author_id']
            uniques [{'name': 'authors_name_key', 'column_names': ['name']}]
            books [(1, 'One', 'Ann', Decimal('9.50'), True, datetime.datetime(2020, 1, 1, 12, 0)), (2, 'Two', 'Ann', None, False, None)]
            left [(2, 'Two b', False)]
            ok
            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), stdout.Trim().ReplaceLineEndings("\n"));
    }
}
