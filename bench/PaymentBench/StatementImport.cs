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
/// One bank statement of N credit lines against the big producer's orders, imported through
/// <c>POST /api/payments/statements</c> as staff would: Vietnamese transfer notes as banks write
/// them (with and without diacritics, prefixes, lower case), 90 % paying an order exactly, 5 %
/// half an order, 5 % gifts naming none. A file over the app's job threshold (2,000 credit lines)
/// answers 202 and is followed on <c>GET /api/payments/statements/imports/{id}</c> until done; the
/// time and the app's CPU (from /proc) run from the upload to the last batch. Then the same file
/// again (every line a duplicate), and SQL checks of what was paid.
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
            producerId = market.BigProducerId,
        })).EnsureSuccessStatusCode();

        var (file, exact) = Statement(account, orders);
        Console.WriteLine($"statement of {orders.Count:N0} credit lines ({file.Length / 1024:N0} KB; {exact:N0} pay an order exactly) · "
            + $"load average {Machine.LoadAverage()} · app+PostgreSQL on CPU {appCpus ?? "any"}, bench on CPU {Machine.Cpus()}");
        var first = await ImportAsync(staff, app, file, market.BigProducerId, "first import");
        var paid = await Sql.ScalarAsync<long>(connection,
            $"SELECT count(*) FROM orders WHERE payment_status = 'Paid' AND producer_id = '{market.BigProducerId}'");
        var stored = await Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM payment_notifications WHERE source = 'Statement'");
        Console.WriteLine($"  PostgreSQL: {paid:N0} orders Paid (expected {exact:N0}), {stored:N0} statement rows stored");
        await ImportAsync(staff, app, file, market.BigProducerId, "same file again (all duplicates)");
        Console.WriteLine($"statement line: {first.LinesPerSecond:F0} lines/s (target ≥ 5,000), {first.MicrosPerLine:F0} µs of app CPU per line "
            + $"(load average {Machine.LoadAverage()})");
    }

    /// <summary>The CSV: a Vietcombank-like export, 90 % exact payments, 5 % halves, 5 % gifts; notes as banks and buyers write them.</summary>
    private static (byte[] File, int Exact) Statement(string account, List<(long Number, long Total)> orders)
    {
        string[] names = ["NGUYỄN THỊ HOA", "Lê Minh Tuấn", "PHAM THU HA", "Trần Văn Bình", "Đỗ Thị Ngọc Ánh", "HOANG VAN NAM"];
        string[] goods = ["mua cam Cao Phong", "thanh toán mật ong bạc hà", "chuyen tien che Shan tuyet", "gạo ST25", "miến dong Bình Liêu", "tra san tuyet"];
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        var csv = new StringBuilder("Ngày giao dịch;Số tham chiếu;Số tiền ghi nợ;Số tiền ghi có;Số dư;Nội dung giao dịch\n");
        var exact = 0;
        var start = new DateTime(2026, 12, 2, 20, 0, 0);
        for (var i = 0; i < orders.Count; i++)
        {
            var (number, total) = orders[i];
            var note = TransferNote.For(number);
            var who = names[i % names.Length];
            var what = goods[i / names.Length % goods.Length];
            var (amount, content) = (i % 20) switch
            {
                19 => (50_000L, $"Ủng hộ chương trình phiên live OCOP Tây Bắc - {who}"),
                7 => (total / 2, $"{note} {who} chuyển trước một nửa {what}"),
                _ => (total, (i % 4) switch
                {
                    0 => $"MBVCB.{3_312_094 + i}.{note}.CT tu 0011001932418 {who} toi {account}",
                    1 => $"{note} {who} {what}",
                    2 => $"IBFT {note.ToLowerInvariant()} {Fold(who)} {Fold(what)}",
                    _ => $"TT đơn {note.Replace(" ", "", StringComparison.Ordinal)} - {who} - {what}",
                }),
            };
            if (i % 20 is not (19 or 7))
            {
                exact++;
            }

            csv.Append(start.AddSeconds(i * 3).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture)).Append(';')
                .Append(CultureInfo.InvariantCulture, $"5213.{20261202}.{i:000000};;{amount.ToString("N0", vi)};;")
                .Append(content.Replace(";", ",", StringComparison.Ordinal)).Append('\n');
        }

        return (Encoding.UTF8.GetBytes(csv.ToString()), exact);
    }

    private static string Fold(string text) => OcopLive.Common.Text.Fold(text).ToUpperInvariant();

    private sealed record Measured(double LinesPerSecond, double MicrosPerLine);

    /// <summary>Uploads and, for a queued import, polls its progress until done; wall time and app CPU from the upload to the end.</summary>
    private static async Task<Measured> ImportAsync(HttpClient staff, AppRunner app, byte[] file, Guid producerId, string label)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "statement.csv" },
            { new StringContent(producerId.ToString()), "producerId" },
        };
        var cpu0 = app.CpuSeconds();
        var watch = Stopwatch.StartNew();
        using var response = await staff.PostAsync("/api/payments/statements", form);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var polls = 0;
        while (response.IsSuccessStatusCode && body.GetProperty("state").GetString() is "Queued" or "Running")
        {
            await Task.Delay(100);
            polls++;
            body = await staff.GetFromJsonAsync<JsonElement>($"/api/payments/statements/imports/{body.GetProperty("importId").GetGuid()}");
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var cpu = app.CpuSeconds() - cpu0;
        if (!response.IsSuccessStatusCode || body.GetProperty("state").GetString() != "Done")
        {
            throw new InvalidOperationException($"{label}: {(int)response.StatusCode} {body}");
        }

        var lines = body.GetProperty("credits").GetInt32();
        var counts = string.Join(", ", body.GetProperty("counts").EnumerateObject().Where(c => c.Value.GetInt32() > 0).Select(c => $"{c.Name} {c.Value}"));
        var measured = new Measured(lines / seconds, cpu * 1_000_000 / lines);
        Console.WriteLine($"  {label}: HTTP {(int)response.StatusCode}, {lines:N0} lines in {seconds:F2} s = {measured.LinesPerSecond:F0} lines/s, "
            + $"{measured.MicrosPerLine:F0} µs of app CPU per line ({polls} progress polls included); {counts}");
        return measured;
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
