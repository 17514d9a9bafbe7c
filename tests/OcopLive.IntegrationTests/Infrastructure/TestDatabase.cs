using Microsoft.EntityFrameworkCore;
using Npgsql;
using OcopLive.Data;

namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>
/// Gives each test class its own database on the private PostgreSQL, cloned from a template that
/// is migrated once per migration set (CREATE DATABASE … TEMPLATE is much faster than migrating).
/// The server comes from <c>ConnectionStrings__OcopLive</c>, else from <c>ops/pg.sh url</c>'s default.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _templateName;

    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("ConnectionStrings__OcopLive")
        ?? $"Host=127.0.0.1;Port={Environment.GetEnvironmentVariable("OCOPLIVE_PG_PORT") ?? "55432"};Database=ocoplive;Username=postgres;Password=ocoplive-dev";

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, Pooling = true }.ConnectionString;

    /// <summary>Creates a fresh, migrated database and returns its connection string.</summary>
    public static async Task<string> CreateAsync(string purpose)
    {
        var template = await EnsureTemplateAsync();
        var prefix = new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(24).ToArray());
        var name = $"t_{prefix}_{Guid.NewGuid():N}";
        await using var admin = await OpenAdminAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", admin);
        await cmd.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <summary>Creates an empty database (no migrations applied).</summary>
    public static async Task<string> CreateEmptyAsync(string purpose)
    {
        var name = $"t_{purpose}_{Guid.NewGuid():N}";
        await using var admin = await OpenAdminAsync();
        await Exec(admin, $"CREATE DATABASE \"{name}\"");
        return ConnectionStringFor(name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var admin = await OpenAdminAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<string> EnsureTemplateAsync()
    {
        if (_templateName is not null)
        {
            return _templateName;
        }

        await Gate.WaitAsync();
        try
        {
            if (_templateName is not null)
            {
                return _templateName;
            }

            await using var probe = NewContext(ServerConnectionString);
            var last = probe.Database.GetMigrations().Last().ToLowerInvariant();
            var name = $"tpl_{last}"[..Math.Min(60, last.Length + 4)];
            await using var admin = await OpenAdminAsync();
            // Another test process may build the same template: serialise on an advisory lock.
            await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_lock(4242)", admin))
            {
                await lockCmd.ExecuteNonQueryAsync();
            }

            try
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", admin);
                exists.Parameters.AddWithValue("n", name);
                if (await exists.ExecuteScalarAsync() is null)
                {
                    var building = name + "_build";
                    await Exec(admin, $"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)");
                    await Exec(admin, $"CREATE DATABASE \"{building}\"");
                    await using (var db = NewContext(ConnectionStringFor(building)))
                    {
                        await db.Database.MigrateAsync();
                    }

                    NpgsqlConnection.ClearAllPools();
                    await Exec(admin, $"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"");
                }
            }
            finally
            {
                await Exec(admin, "SELECT pg_advisory_unlock(4242)");
            }

            _templateName = name;
            return name;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static OcopDbContext NewContext(string connectionString) =>
        new(new DbContextOptionsBuilder<OcopDbContext>()
            .UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options);

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var conn = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await conn.OpenAsync();
        return conn;
    }

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
