using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Payments;
using static OcopLive.IntegrationTests.Payments.Statements.SampleStatements;

namespace OcopLive.IntegrationTests.Payments.Statements;

/// <summary>
/// A transfer told by both roads (the bank's notification and a statement line) counts once,
/// whichever comes first; the same account number at another bank pays nothing; a large
/// statement is imported by a real Hangfire job on PostgreSQL with progress to poll.
/// </summary>
public sealed class StatementTwinsAndJobsTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private const string Import = "/api/payments/statements";
    private readonly HttpClient _buyer = app.CreateClient();

    [Fact]
    public async Task NotificationFirst_ThenTheStatementLine_TheTransferCountsOnce()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 185_000, bin: "970436");
        var order = await paid.OrderAsync(_buyer, quantity: 2); // 370,000
        var other = await paid.OrderAsync(_buyer, quantity: 1, buyer: 2);
        using var staff = await app.ClientAsAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync("/api/payments/statement-layouts/970436",
            StatementImportTests.For(VietcombankLayout, paid))).StatusCode);

        // The service's own id (not the bank's reference), the same content, amount and day as the statement's line.
        var note = NoteOf(order);
        var body = new
        {
            id = "svc-77120",
            accountNumber = paid.Account,
            amount = 370_000,
            content = $"MBVCB.3312094.{note}.CT tu 0011001932418 NGUYEN THI HOA toi {paid.Account}",
            transactionDate = "2026-12-02T10:15:21+07:00",
        };
        var notified = await BankService.SendAsync(app.CreateClient(), body);
        Assert.Equal(HttpStatusCode.OK, notified.StatusCode);
        Assert.Equal(("Paid", 370_000L), await PaymentOfAsync(order));

        var result = await ReadAsync(await UploadAsync(staff, Import, Vietcombank(paid.Account, note, NoteOf(other)), "vcb.csv", paid.Session.ProducerId));
        var counts = result.GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("AlreadyCounted").GetInt32());
        Assert.Equal(0, counts.GetProperty("Paid").GetInt32());
        Assert.Equal(0, counts.GetProperty("AlreadyPaid").GetInt32());
        Assert.Equal(1, counts.GetProperty("Partial").GetInt32());
        Assert.Equal(("Paid", 370_000L), await PaymentOfAsync(order)); // not 740,000
        Assert.DoesNotContain(result.GetProperty("review").EnumerateArray(), l => l.GetProperty("outcome").GetString() == "AlreadyCounted");

        // Both rows are kept, each pointing at the other; the review list holds neither.
        var rows = await RowsNamingAsync(note);
        Assert.Equal(2, rows.Count);
        Assert.Equal(rows[0].Id, rows[1].TwinId);
        Assert.Equal(rows[1].Id, rows[0].TwinId);
        Assert.All(rows, r => Assert.Equal(ReviewState.None, r.Review));

        // The statement again: a duplicate of itself, still counted once.
        var again = await ReadAsync(await UploadAsync(staff, Import, Vietcombank(paid.Account, note, NoteOf(other)), "vcb.csv", paid.Session.ProducerId));
        Assert.Equal(3, again.GetProperty("counts").GetProperty("Duplicate").GetInt32());
        Assert.Equal(("Paid", 370_000L), await PaymentOfAsync(order));
    }

    [Fact]
    public async Task StatementFirst_ThenTheNotification_TheTransferCountsOnce_ByReferenceOrByContent()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 185_000, bin: "970436");
        var order = await paid.OrderAsync(_buyer, quantity: 2);             // 370,000, line with reference 5213.20261202.101521
        var part = await paid.OrderAsync(_buyer, quantity: 1, buyer: 2);    // 100,000 of 185,000
        using var staff = await app.ClientAsAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync("/api/payments/statement-layouts/970436",
            StatementImportTests.For(VietcombankLayout, paid))).StatusCode);
        var result = await ReadAsync(await UploadAsync(staff, Import, Vietcombank(paid.Account, NoteOf(order), NoteOf(part)), "vcb.csv",
            paid.Session.ProducerId));
        Assert.Equal(1, result.GetProperty("counts").GetProperty("Paid").GetInt32());

        // The bank's notification of the first line arrives late, with the statement's reference as its id: counted already.
        var byReference = await BankService.SendAsync(app.CreateClient(), new
        {
            id = "5213.20261202.101521",
            accountNumber = paid.Account,
            amount = 370_000,
            content = $"{NoteOf(order)} chuyen khoan",
            transactionDate = "2026-12-02 10:15:21",
        });
        Assert.Equal("AlreadyCounted", (await ReadAsync(byReference)).GetProperty("outcome").GetString());
        Assert.Equal(("Paid", 370_000L), await PaymentOfAsync(order));

        // The partial one's notification under the service's own id, with the same content (case and accents aside) and day.
        var byContent = await BankService.SendAsync(app.CreateClient(), new
        {
            id = "svc-99",
            accountNumber = paid.Account,
            amount = 100_000,
            content = $"{NoteOf(part).ToLowerInvariant()} chuyển tiền mua cam",
            transactionDate = "2026-12-02T10:20:02+07:00",
        });
        Assert.Equal("AlreadyCounted", (await ReadAsync(byContent)).GetProperty("outcome").GetString());
        Assert.Equal(("Unpaid", 100_000L), await PaymentOfAsync(part)); // not 200,000

        // A second, real transfer of the same amount and note on another day is new money.
        var nextDay = await BankService.SendAsync(app.CreateClient(), new
        {
            id = "svc-100",
            accountNumber = paid.Account,
            amount = 100_000,
            content = $"{NoteOf(part)} chuyen tien mua cam",
            transactionDate = "2026-12-03T08:00:00+07:00",
        });
        Assert.Equal("Overpaid", (await ReadAsync(nextDay)).GetProperty("outcome").GetString());
        Assert.Equal(("Paid", 200_000L), await PaymentOfAsync(part));
    }

    [Fact]
    public async Task SameAccountNumberAtAnotherBank_PaysNothing_ByStatementOrByNotification()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 185_000, bin: "970436");
        var order = await paid.OrderAsync(_buyer, quantity: 2); // copied onto the order: 970436 / account
        using var staff = await app.ClientAsAsync();

        // The order's transfer, as the bank named by its BIN notifies it.
        Task<HttpResponseMessage> TransferAsync(string id, string bin, string at) => BankService.SendAsync(app.CreateClient(), new
        {
            id,
            bin,
            accountNumber = paid.Account,
            amount = 370_000,
            content = NoteOf(order),
            transactionDate = at,
        });

        // A notification from another bank for the same account number and the order's note.
        var elsewhere = await TransferAsync("bin-1", "970415", "2026-12-02 09:00:00");
        Assert.Equal("WrongAccount", (await ReadAsync(elsewhere)).GetProperty("outcome").GetString());
        Assert.Equal(("Unpaid", 0L), await PaymentOfAsync(order));

        // The producer moves to another bank keeping the number: that bank's statement does not pay the order placed before.
        var moved = await staff.PatchAsJsonAsync($"/api/producers/{paid.Session.ProducerId}",
            new { bank = new { bin = "970415", accountNumber = paid.Account, accountName = "HTX CAM THUONG LOC" } });
        Assert.True(moved.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync("/api/payments/statement-layouts/970415",
            StatementImportTests.For(VietcombankLayout, paid))).StatusCode);
        var result = await ReadAsync(await UploadAsync(staff, Import, Vietcombank(paid.Account, NoteOf(order), "OCOP 1"), "other-bank.csv",
            paid.Session.ProducerId));
        Assert.Equal(0, result.GetProperty("counts").GetProperty("Paid").GetInt32());
        Assert.Equal(1, result.GetProperty("counts").GetProperty("WrongAccount").GetInt32());
        Assert.Equal(("Unpaid", 0L), await PaymentOfAsync(order));

        // The same transfer to the order's own bank does pay it.
        var own = await TransferAsync("bin-2", "970436", "2026-12-02 09:30:00");
        Assert.Equal("Paid", (await ReadAsync(own)).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task LargeStatement_IsImportedByAHangfireJob_WithProgress_AndMatchesAsASmallOneWould()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 185_000, bin: "970448");
        var orders = new List<JsonElement>();
        for (var i = 0; i < 5; i++)
        {
            orders.Add(await paid.OrderAsync(_buyer, quantity: 1, buyer: 10 + i));
        }

        using var staff = await app.ClientAsAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync("/api/payments/statement-layouts/970448",
            StatementImportTests.For(VietcombankLayout, paid))).StatusCode);
        // 2,600 credit lines (over the 2,000 of the request path): five pay orders (one of them in two halves), the rest are gifts.
        var csv = new StringBuilder("Ngày giao dịch;Số tham chiếu;Số tiền ghi nợ;Số tiền ghi có;Số dư;Nội dung giao dịch\n");
        for (var i = 0; i < 2_600; i++)
        {
            var (amount, content) = i switch
            {
                < 4 => ("185.000", $"MBVCB.{i}.{NoteOf(orders[i])}.CT tu NGUYEN VAN AN"),
                4 => ("85.000", $"{NoteOf(orders[4])} tra truoc"),
                2_599 => ("100.000", $"{NoteOf(orders[4])} tra not"),
                _ => ("10.000", $"Ủng hộ chương trình {i}"),
            };
            csv.Append(CultureInfoDate(i)).Append(";R").Append(i).Append(";;").Append(amount).Append(";;").Append(content).Append('\n');
        }

        var file = Encoding.UTF8.GetBytes(csv.ToString());
        var accepted = await UploadAsync(staff, Import, file, "big.csv", paid.Session.ProducerId);
        var queued = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, queued.ToString());
        var id = queued.GetProperty("importId").GetGuid();
        Assert.Equal($"/api/payments/statements/imports/{id}", accepted.Headers.Location?.OriginalString);
        Assert.Equal(2_600, queued.GetProperty("credits").GetInt32());
        Assert.False(string.IsNullOrEmpty(queued.GetProperty("jobId").GetString()));

        var done = await PollUntilDoneAsync(staff, id);
        Assert.Equal(2_600, done.GetProperty("processed").GetInt32());
        Assert.Equal(1.0, done.GetProperty("progress").GetDouble());
        var counts = done.GetProperty("counts");
        Assert.Equal(5, counts.GetProperty("Paid").GetInt32());     // four exact, and the fifth order completed by its second half
        Assert.Equal(1, counts.GetProperty("Partial").GetInt32());
        Assert.Equal(2_594, counts.GetProperty("Unmatched").GetInt32());
        Assert.Equal(500, done.GetProperty("review").GetArrayLength()); // listed at most 500; all are in the review list
        foreach (var o in orders)
        {
            Assert.Equal("Paid", (await PaymentOfAsync(o)).Item1);
        }

        Assert.Equal(2_600, await app.WithDbAsync(db => db.PaymentNotifications.CountAsync(n => n.AccountNumber == paid.Account)));

        // Another producer cannot read it (404 as if absent); its own producer can.
        var stranger = await PaidSession.ArrangeAsync(app, priceVnd: 185_000, bin: "970448");
        using var strangerLogin = await app.ClientInRoleAsync("Producer", stranger.Session.ProducerId);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerLogin.GetAsync($"/api/payments/statements/imports/{id}")).StatusCode);
        using var owner = await app.ClientInRoleAsync("Producer", paid.Session.ProducerId);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/payments/statements/imports/{id}")).StatusCode);

        // The same file again: a job again, every line a duplicate, nothing changed.
        var again = await UploadAsync(staff, Import, file, "big.csv", paid.Session.ProducerId);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var second = await PollUntilDoneAsync(staff, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("importId").GetGuid());
        Assert.Equal(2_600, second.GetProperty("counts").GetProperty("Duplicate").GetInt32());
        Assert.Equal(2_600, await app.WithDbAsync(db => db.PaymentNotifications.CountAsync(n => n.AccountNumber == paid.Account)));
        Assert.Equal(("Paid", 185_000L), await PaymentOfAsync(orders[4]));
    }

    private static string CultureInfoDate(int i) =>
        new DateTime(2026, 12, 2, 8, 0, 0).AddSeconds(i * 7).ToString("dd/MM/yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<JsonElement> PollUntilDoneAsync(HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var seen = new List<int>();
        while (true)
        {
            var now = await client.GetFromJsonAsync<JsonElement>($"/api/payments/statements/imports/{id}");
            seen.Add(now.GetProperty("processed").GetInt32());
            Assert.NotEqual("Failed", now.GetProperty("state").GetString());
            if (now.GetProperty("state").GetString() == "Done")
            {
                Assert.Equal(seen.Order(), seen); // progress never goes back
                return now;
            }

            Assert.True(DateTime.UtcNow < deadline, $"import {id} not done: {now}");
            await Task.Delay(200);
        }
    }

    private static string NoteOf(JsonElement order) => order.GetProperty("payment").GetProperty("transferNote").GetString()!;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private Task<List<PaymentNotification>> RowsNamingAsync(string note) =>
        app.WithDbAsync(db => db.PaymentNotifications.AsNoTracking().Where(n => n.Content.Contains(note)).OrderBy(n => n.Id).ToListAsync());

    private Task<(string, long)> PaymentOfAsync(JsonElement order)
    {
        var id = order.GetProperty("id").GetGuid();
        return app.WithDbAsync(async db =>
        {
            var o = await db.Orders.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.PaymentStatus, x.PaidVnd }).SingleAsync();
            return (o.PaymentStatus.ToString(), o.PaidVnd);
        });
    }
}
