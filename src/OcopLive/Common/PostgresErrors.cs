using Npgsql;

namespace OcopLive.Common;

/// <summary>The PostgreSQL error codes the app acts on, in one place (names from Npgsql's <see cref="PostgresErrorCodes"/>).</summary>
internal static class PostgresErrors
{
    /// <summary>A unique constraint refused the row (e.g. a duplicate name or a programme's occurrence made twice).</summary>
    public static bool IsUniqueViolation(Exception? ex) =>
        (ex as PostgresException ?? ex?.InnerException as PostgresException)?.SqlState == PostgresErrorCodes.UniqueViolation;

    /// <summary>The server is shutting down, restarting, out of connections, unreachable or cancelled our statement.</summary>
    public static bool IsUnavailable(string sqlState) => sqlState is
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
        or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.ConnectionException
        or PostgresErrorCodes.ConnectionDoesNotExist or PostgresErrorCodes.ConnectionFailure
        or PostgresErrorCodes.QueryCanceled;
}
