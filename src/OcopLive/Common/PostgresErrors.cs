using System.Net.Sockets;
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

    /// <summary>The server is down, unreachable, restarting or too slow to answer (the group commit answers 503 for it).</summary>
    public static bool IsUnavailable(Exception ex) => ex switch
    {
        PostgresException pg => IsUnavailable(pg.SqlState),
        NpgsqlException npg => npg.IsTransient || npg.InnerException is SocketException or IOException or TimeoutException,
        TimeoutException or SocketException or IOException => true,
        InvalidOperationException ioe => ioe.InnerException is not null && IsUnavailable(ioe.InnerException),
        _ => false,
    };
}
