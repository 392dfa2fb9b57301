namespace TenantDb.TestKit;

/// <summary>
/// The xunit trait that splits the suite into CI stages: <c>[Trait(TestCategory.Name, TestCategory.Slow)]</c>
/// marks a test that runs for tens of seconds or more (servers killed in cycles, load and memory runs,
/// time-boxed fuzzing). `dotnet test --filter "Category!=Slow"` runs everything else, quickly.
/// </summary>
public static class TestCategory
{
    public const string Name = "Category";

    public const string Slow = "Slow";
}
