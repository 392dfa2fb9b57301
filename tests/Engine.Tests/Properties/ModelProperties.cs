using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace TenantDb.Engine.Tests.Properties;

public sealed class ModelProperties
{
    /// <summary>
    /// Random sequences of create, insert, update, delete, query, transactions, drop and engine reopen
    /// observe exactly what the in-memory model predicts.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property Engine_behaves_like_the_model() =>
        Prop.ForAll(TenantOp.Scenarios(), ops =>
        {
            var model = new TenantModel();
            using var engine = new EngineUnderTest();
            for (int i = 0; i < ops.Length; i++)
            {
                string expected = model.Apply(ops[i]);
                string actual = engine.Apply(ops[i]);
                if (expected != actual)
                {
                    return false.Label($"step {i} {ops[i]}: model {expected}, engine {actual}");
                }
            }

            return true.Label("ok");
        });
}
