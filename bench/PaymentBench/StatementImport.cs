using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using OcopLive.Payments;

namespace OcopLive.Bench;

/// <summary>
/// One bank statement of N credit lines, each paying one of the big producer's orders exactly
/// (the transfer note as banks write it), imported through <c>POST /api/payments/statements</c>
/// as the producer's staff would; then a SQL count that every one of the N orders is <c>Paid</c>.
/// </summary>
internal static class StatementImport
{
    public static async Task RunAsync(NpgsqlConnectionStringBuilder pg, string root, int lines, string adminPassword, string? appCpus)
    {
        const string database = "ocoplive_bench_statement";
        await Sql.RecreateDatabaseAsync(pg, database);
        var connection = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = database }.ConnectionString;
        if (appCpus is not null)
        {
            Machine.PinPostgres(pg.Port, appCpus);
        }

        using var app = AppRunner.Start(root, connection, cpus: appCpus);
        await app.WaitReadyAsync();
        var market = await Market.ArrangeAsync(connection);
        await market.AddOrdersAsync(connection, lines, bigProducer: true);
        var (account, orders) = await BigProducerOrdersAsync(connection, market.BigProducerId, lines);
        var bin = await Sql.ScalarAsync<string>(connection, $"SELECT bank_bin FROM producers WHERE id = '{market.BigProducerId}'");

        using var staff = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
        var login = await staff.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = adminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await staff.PutAsJsonAsync($"/api/payments/statement-layouts/{bin}", new
        {
            amountColumn = "Số tiền ghi có",
            contentColumn = "Nội dung giao dịch",
            referenceColumn = "Số tham chiếu",
            dateColumn = "Ngày giao dịch",
        })).EnsureSuccessStatusCode();

        var csv = new StringBuilder("Ngày giao dịch;Số tham chiếu;Số tiền ghi nợ;Số tiền ghi có;Nội dung giao dịch\n");
        for (var i = 0; i < orders.Count; i++)
        {
            var (number, total) = orders[i];
            csv.Append(CultureInfo.InvariantCulture, $"02/12/2026 10:{i / 60 % 60:00}:{i % 60:00};5213.{number};;{total.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"))};")
                .Append(CultureInfo.InvariantCulture, $"MBVCB.{3_312_094 + i}.{TransferNote.For(number)}.CT tu 0011001932418 NGUYEN THI HOA toi {account}\n");
        }

        var file = Encoding.UTF8.GetBytes(csv.ToString());
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "statement.csv" },
            { new StringContent(market.BigProducerId.ToString()), "producerId" },
        };
        Console.WriteLine($"statement of {orders.Count:N0} credit lines ({file.Length / 1024:N0} KB) · load average {Machine.LoadAverage()} · "
            + $"app+PostgreSQL on CPU {appCpus ?? "any"}, bench on CPU {Machine.Cpus()}");
        var cpu0 = app.CpuSeconds();
        var watch = Stopwatch.StartNew();
        using var response = await staff.PostAsync("/api/payments/statements", form);
        var seconds = watch.Elapsed.TotalSeconds;
        var cpu = app.CpuSeconds() - cpu0;
        var body = await response.Content.ReadAsStringAsync();
        Console.WriteLine($"{(int)response.StatusCode}: {body[..Math.Min(300, body.Length)]}");
        var paid = await Sql.ScalarAsync<long>(connection,
            $"SELECT count(*) FROM orders WHERE payment_status = 'Paid' AND producer_id = '{market.BigProducerId}'");
        Console.WriteLine($"statement import: {orders.Count:N0} lines in {seconds:F1} s = {orders.Count / seconds:F0} lines/s (target ≥ 5,000), "
            + $"{cpu * 1_000_000 / orders.Count:F0} µs of app CPU per line; {paid:N0} orders Paid in PostgreSQL");
    }

    private static async Task<(string Account, List<(long Number, long Total)> Orders)> BigProducerOrdersAsync(string connection, Guid producerId, int lines)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT number, total_vnd, pay_account FROM orders WHERE producer_id = $1 AND payment_method = 'BankTransfer' ORDER BY number LIMIT $2", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = producerId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = lines });
        var orders = new List<(long, long)>();
        string account = "";
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            orders.Add((r.GetInt64(0), r.GetInt64(1)));
            account = r.GetString(2);
        }

        return (account, orders);
    }
}
