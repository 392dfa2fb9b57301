namespace TenantDb.Wire.Protocol;

/// <summary>The SQLSTATE codes TenantDb reports (see PostgreSQL's errcodes.txt).</summary>
internal static class SqlState
{
    public const string SuccessfulCompletion = "00000";
    public const string ConnectionException = "08000";
    public const string ProtocolViolation = "08P01";
    public const string FeatureNotSupported = "0A000";
    public const string InvalidAuthorizationSpecification = "28000";
    public const string InvalidPassword = "28P01";
    public const string InvalidCatalogName = "3D000";
    public const string InvalidTransactionState = "25000";
    public const string ActiveSqlTransaction = "25001";
    public const string NoActiveSqlTransaction = "25P01";
    public const string InFailedSqlTransaction = "25P02";
    public const string IdleInTransactionSessionTimeout = "25P03";
    public const string ReadOnlySqlTransaction = "25006";
    public const string InvalidSqlStatementName = "26000";
    public const string InvalidCursorName = "34000";
    public const string SyntaxError = "42601";
    public const string UndefinedTable = "42P01";
    public const string UndefinedColumn = "42703";
    public const string UndefinedObject = "42704";
    public const string DuplicateTable = "42P07";
    public const string InsufficientPrivilege = "42501";
    public const string IntegrityConstraintViolation = "23000";
    public const string NotNullViolation = "23502";
    public const string ForeignKeyViolation = "23503";
    public const string UniqueViolation = "23505";
    public const string CheckViolation = "23514";
    public const string DataException = "22000";
    public const string InvalidTextRepresentation = "22P02";
    public const string NumericValueOutOfRange = "22003";
    public const string StringDataRightTruncation = "22001";
    public const string CharacterNotInRepertoire = "22021";
    public const string InvalidBinaryRepresentation = "22P03";
    public const string DatetimeFieldOverflow = "22008";
    public const string ProgramLimitExceeded = "54000";
    public const string DiskFull = "53100";
    public const string OutOfMemory = "53200";
    public const string TooManyConnections = "53300";
    public const string QueryCanceled = "57014";
    public const string AdminShutdown = "57P01";
    public const string IdleSessionTimeout = "57P05";
    public const string LockNotAvailable = "55P03";
    public const string SerializationFailure = "40001";
    public const string InternalError = "XX000";
}
