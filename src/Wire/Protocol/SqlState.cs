namespace TenantDb.Wire.Protocol;

/// <summary>The SQLSTATE codes the wire layer chooses itself (see PostgreSQL's errcodes.txt); the engine's errors carry their own.</summary>
internal static class SqlState
{
    public const string ProtocolViolation = "08P01";
    public const string FeatureNotSupported = "0A000";
    public const string InvalidAuthorizationSpecification = "28000";
    public const string InvalidPassword = "28P01";
    public const string InvalidCatalogName = "3D000";
    public const string ActiveSqlTransaction = "25001";
    public const string NoActiveSqlTransaction = "25P01";
    public const string InFailedSqlTransaction = "25P02";
    public const string IdleInTransactionSessionTimeout = "25P03";
    public const string InvalidSqlStatementName = "26000";
    public const string InvalidCursorName = "34000";
    public const string DuplicateCursor = "42P03";
    public const string InvalidCursorDefinition = "42P11";
    public const string ObjectNotInPrerequisiteState = "55000";
    public const string SyntaxError = "42601";
    public const string UndefinedTable = "42P01";
    public const string UndefinedObject = "42704";
    public const string InsufficientPrivilege = "42501";
    public const string InvalidTextRepresentation = "22P02";
    public const string NumericValueOutOfRange = "22003";
    public const string StringDataRightTruncation = "22001";
    public const string CharacterNotInRepertoire = "22021";
    public const string InvalidBinaryRepresentation = "22P03";
    public const string DatetimeFieldOverflow = "22008";
    public const string ProgramLimitExceeded = "54000";
    public const string OutOfMemory = "53200";
    public const string TooManyConnections = "53300";
    public const string QueryCanceled = "57014";
    public const string AdminShutdown = "57P01";
    public const string IdleSessionTimeout = "57P05";
    public const string SerializationFailure = "40001";
}
