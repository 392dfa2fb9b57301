namespace TenantDb.Engine.Hardening;

/// <summary>sqlite3_limit category ids and sqlite3_db_config verbs (sqlite3.h values).</summary>
internal static class SqliteLimitIds
{
    public const int Length = 0;
    public const int SqlLength = 1;
    public const int Column = 2;
    public const int ExprDepth = 3;
    public const int CompoundSelect = 4;
    public const int VdbeOp = 5;
    public const int FunctionArg = 6;
    public const int Attached = 7;
    public const int LikePatternLength = 8;
    public const int VariableNumber = 9;
    public const int TriggerDepth = 10;
    public const int WorkerThreads = 11;

    public const int ConfigEnableFts3Tokenizer = 1004;
    public const int ConfigEnableLoadExtension = 1005;
    public const int ConfigNoCheckpointOnClose = 1006;
    public const int ConfigDefensive = 1010;
    public const int ConfigWritableSchema = 1011;
    public const int ConfigDqsDml = 1013;
    public const int ConfigDqsDdl = 1014;
    public const int ConfigTrustedSchema = 1017;
}
