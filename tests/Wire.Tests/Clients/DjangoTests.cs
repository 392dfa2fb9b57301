using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Clients;

/// <summary>
/// Django 3.2 (Debian's) with psycopg2, unmodified, in a temporary project the test writes: makemigrations
/// and migrate of an app with two models and a foreign key (with Django's own contenttypes and auth
/// migrations: ALTER COLUMN TYPE, DROP COLUMN CASCADE, named constraints, varchar_pattern_ops indexes),
/// a second migrate that finds nothing to do, inspectdb reproducing the models from the catalog (its
/// constraint and index queries use unnest(...) WITH ORDINALITY in FROM and array_agg(... ORDER BY ...)),
/// and ORM CRUD with a join and an aggregate. One python process runs every step.
/// </summary>
public sealed class DjangoTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string Script = """
        import os, sys, io, datetime, decimal
        base = os.path.dirname(os.path.abspath(__file__))
        os.makedirs(os.path.join(base, "shop", "migrations"), exist_ok=True)
        for f in ("shop/__init__.py", "shop/migrations/__init__.py"):
            open(os.path.join(base, f), "w").close()
        with open(os.path.join(base, "shop", "models.py"), "w") as f:
            f.write('''from django.db import models

        class Author(models.Model):
            name = models.CharField(max_length=80, unique=True)
            born = models.DateField(null=True)

        class Book(models.Model):
            title = models.CharField(max_length=200)
            author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
            price = models.DecimalField(max_digits=10, decimal_places=2, null=True)
            in_print = models.BooleanField(default=True)
            added = models.DateTimeField(null=True)
        ''')
        with open(os.path.join(base, "testsettings.py"), "w") as f:
            f.write('''import os
        SECRET_KEY = "test"
        INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "shop"]
        DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["PGDATABASE"], "USER": os.environ["PGUSER"],
            "PASSWORD": os.environ["PGPASSWORD"], "HOST": "127.0.0.1", "PORT": os.environ["PGPORT"]}}
        USE_TZ = True
        TIME_ZONE = "UTC"
        DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
        ''')
        sys.path.insert(0, base)
        os.environ["DJANGO_SETTINGS_MODULE"] = "testsettings"
        import django
        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.db.models import Count, Sum
        call_command("makemigrations", "shop", verbosity=0)
        call_command("migrate", verbosity=0)
        call_command("migrate", verbosity=0)  # nothing left to apply
        out = io.StringIO()
        call_command("inspectdb", "shop_author", "shop_book", stdout=out)
        for line in out.getvalue().splitlines():
            if line.strip() and not line.startswith("#"):
                print("inspectdb", line.rstrip())
        from shop.models import Author, Book
        from django.contrib.auth.models import User
        ann = Author.objects.create(name="Ann", born=datetime.date(1970, 1, 2))
        bob = Author.objects.create(name="Bob")
        Book.objects.create(title="One", author=ann, price=decimal.Decimal("9.50"), added=datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.timezone.utc))
        Book.objects.create(title="Two", author=ann, in_print=False)
        Book.objects.create(title="Three", author=bob, price=decimal.Decimal("20.00"))
        print("books", [(b.id, b.title, b.author.name, b.price, b.in_print, b.added) for b in Book.objects.select_related("author").order_by("id")])
        rows = Author.objects.annotate(n=Count("books"), total=Sum("books__price")).order_by("name")
        print("per author", [(a.name, a.n, "%.2f" % a.total) for a in rows])
        print("filter join", list(Book.objects.filter(author__name__startswith="A", in_print=True).values_list("title", flat=True)))
        Book.objects.filter(title="Two").update(title="Two b")
        Author.objects.filter(name="Bob").delete()
        print("left", list(Book.objects.order_by("id").values_list("title", "author__name")))
        u = User.objects.create_user("carol", "c@example.com", "pw")
        print("user", User.objects.get(username="carol").check_password("pw"), u.id)
        print("ok")
        """;

    [SkippableFact]
    public void Migrate_inspectdb_and_orm_crud()
    {
        var python = ExternalTool.Django.Require();
        var tenant = server.NewTenant("django");
        using var directory = new TempDirectory("tenantdb-django-");
        var script = directory.File("run.py");
        File.WriteAllText(script, Script);
        var (code, stdout, stderr) = ChildProcess.Run(python, [script], server.ClientEnvironment(tenant), 180);
        Assert.True(code == 0, $"python failed ({code}): {stderr}\n{stdout}");
        var expected = """
            inspectdb from django.db import models
            inspectdb class ShopAuthor(models.Model):
            inspectdb     name = models.CharField(unique=True, max_length=80)
            inspectdb     born = models.DateField(blank=True, null=True)
            inspectdb     class Meta:
            inspectdb         managed = False
            inspectdb         db_table = 'shop_author'
            inspectdb class ShopBook(models.Model):
            inspectdb     title = models.CharField(max_length=200)
            inspectdb     price = models.DecimalField(max_digits=10, decimal_places=2, blank=True, null=True)
            inspectdb     in_print = models.BooleanField()
            inspectdb     added = models.DateTimeField(blank=True, null=True)
            inspectdb     author = models.ForeignKey(ShopAuthor, models.DO_NOTHING)
            inspectdb     class Meta:
            inspectdb         managed = False
            inspectdb         db_table = 'shop_book'
            books [(1, 'One', 'Ann', Decimal('9.50'), True, datetime.datetime(2020, 1, 1, 12, 0, tzinfo=<UTC>)), (2, 'Two', 'Ann', None, False, None), (3, 'Three', 'Bob', Decimal('20.00'), True, None)]
            per author [('Ann', 2, '9.50'), ('Bob', 1, '20.00')]
            filter join ['One']
            left [('One', 'Ann'), ('Two b', 'Ann')]
            user True 1
            ok
            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), stdout.Trim().ReplaceLineEndings("\n"));
    }
}
