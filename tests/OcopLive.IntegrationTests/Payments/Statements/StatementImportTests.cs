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
/// Bank statements imported through the real app and PostgreSQL: each credit line goes through the
/// matcher; the layout is mapped once per bank; a file imported twice, or an overlapping one, adds
/// nothing twice; a bad file changes nothing.
/// </summary>
public sealed class StatementImportTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private const string Preview = "/api/payments/statements/preview";
    private const string Import = "/api/payments/statements";
    private readonly HttpClient _buyer = app.CreateClient();

    [Fact]
    public async Task VietcombankCsv_PaysAndPartlyPays_KeepsTheRestForReview_AndAgainChangesNothing()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 185_000, bin: "970436");
        var full = await paid.OrderAsync(_buyer, quantity: 2);      // 370,000
        var part = await paid.OrderAsync(_buyer, quantity: 1, buyer: 2); // 185,000, 100,000 arrives
        var csv = Vietcombank(paid.Account, NoteOf(full), NoteOf(part));
        using var staff = await app.ClientAsAsync();

        // Unknown bank layout: the import refuses with the header it found, the preview guesses the mapping.
        var refused = await ProblemAssertions.AssertProblemAsync(await UploadAsync(staff, Import, csv, "vcb.csv", paid.Session.ProducerId),
            HttpStatusCode.Conflict);
        Assert.EndsWith("/statement-layout-required", refused.GetProperty("type").GetString());
        Assert.Contains("Số tiền ghi có", refused.GetProperty("headers").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(0, await StatementRowsAsync(paid.Account));

        var preview = await ReadAsync(await UploadAsync(staff, Preview, csv, "vcb.csv", paid.Session.ProducerId));
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("layout").ValueKind);
        Assert.Equal(6, preview.GetProperty("headerRow").GetInt32());
        Assert.Equal("Số tiền ghi có", preview.GetProperty("suggested").GetProperty("amountColumn").GetString());
        Assert.Equal("Nội dung giao dịch", preview.GetProperty("suggested").GetProperty("contentColumn").GetString());
        Assert.Equal("Số tham chiếu", preview.GetProperty("suggested").GetProperty("referenceColumn").GetString());

        var saved = await staff.PutAsJsonAsync("/api/payments/statement-layouts/970436", For(VietcombankLayout, paid));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var result = await ReadAsync(await UploadAsync(staff, Import, csv, "vcb.csv", paid.Session.ProducerId));
        Assert.Equal(3, result.GetProperty("credits").GetInt32());
        Assert.Equal(1, result.GetProperty("debitsSkipped").GetInt32());
        Assert.Equal(1, result.GetProperty("skipped").GetInt32()); // the totals row
        var counts = result.GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("Paid").GetInt32());
        Assert.Equal(1, counts.GetProperty("Partial").GetInt32());
        Assert.Equal(1, counts.GetProperty("Unmatched").GetInt32());
        Assert.Equal(0, counts.GetProperty("Duplicate").GetInt32());
        Assert.Equal(("Paid", 370_000L), await PaymentOfAsync(full));
        Assert.Equal(("Unpaid", 100_000L), await PaymentOfAsync(part));

        // The partial and the unmatched line are what a person reviews, on the lines and in the review list.
        var review = result.GetProperty("review").EnumerateArray().ToList();
        Assert.Equal(["Partial", "Unmatched"], review.Select(r => r.GetProperty("outcome").GetString()).Order());
        var unmatched = review.Single(r => r.GetProperty("outcome").GetString() == "Unmatched");
        Assert.Equal(250_000, unmatched.GetProperty("amountVnd").GetInt64());
        Assert.Equal(10, unmatched.GetProperty("row").GetInt32());
        var open = await staff.GetFromJsonAsync<JsonElement>("/api/payments/review?state=Open");
        var item = open.EnumerateArray().Single(n => n.GetProperty("id").GetInt64() == unmatched.GetProperty("notificationId").GetInt64());
        Assert.Equal("Statement", item.GetProperty("source").GetString());
        Assert.Equal("chuyen tien khong ghi chu", item.GetProperty("content").GetString());

        // The same file again: every credit line is a duplicate, nothing changes.
        var again = await ReadAsync(await UploadAsync(staff, Import, csv, "vcb-again.csv", paid.Session.ProducerId));
        Assert.Equal(3, again.GetProperty("counts").GetProperty("Duplicate").GetInt32());
        Assert.Equal(0, again.GetProperty("counts").GetProperty("Paid").GetInt32());
        Assert.Empty(again.GetProperty("review").EnumerateArray());
        Assert.Equal(3, await StatementRowsAsync(paid.Account));
        Assert.Equal(("Paid", 370_000L), await PaymentOfAsync(full));
        Assert.Equal(("Unpaid", 100_000L), await PaymentOfAsync(part));
    }

    [Fact]
    public async Task TechcombankXlsx_NumberAndTextCells_IdenticalLinesBothCount_OverlapCountsOnce_AndTheLayoutIsRemembered()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 185_000, bin: "970407");
        var a = await paid.OrderAsync(_buyer, quantity: 2);           // 370,000 as a number cell
        var b = await paid.OrderAsync(_buyer, quantity: 1, buyer: 2); // 185,000 as "+185,000 VND"
        var c = await paid.OrderAsync(_buyer, quantity: 1, buyer: 3); // 200,000: over-paid
        var d = await paid.OrderAsync(_buyer, quantity: 1, buyer: 4); // 85,000 of 185,000 in the next statement
        var day = new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Unspecified);
        var gift = new XlsxLine(day.AddHours(2), "UNG HO QUY KHUYEN HOC", 50_000L);
        var xlsx = Techcombank(paid.Account,
        [
            new XlsxLine(day, $"{NoteOf(a)} Nguyen Thi Hoa chuyen khoan", 370_000L),
            new XlsxLine(day.AddMinutes(5), $"IBFT {NoteOf(b)}", "+185,000 VND"),
            new XlsxLine(day.AddMinutes(9), "Phi quan ly tai khoan", null, 11_000m),
            new XlsxLine(day.AddMinutes(30), $"TT don {NoteOf(c)}", 200_000L),
            gift,
            gift,
        ]);
        using var staff = await app.ClientAsAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync("/api/payments/statement-layouts/970407", For(TechcombankLayout, paid))).StatusCode);

        var result = await ReadAsync(await UploadAsync(staff, Import, xlsx, "tcb.xlsx", paid.Session.ProducerId));
        var counts = result.GetProperty("counts");
        Assert.Equal(5, result.GetProperty("credits").GetInt32());
        Assert.Equal(1, result.GetProperty("debitsSkipped").GetInt32());
        Assert.Equal(2, counts.GetProperty("Paid").GetInt32());
        Assert.Equal(1, counts.GetProperty("Overpaid").GetInt32());
        Assert.Equal(2, counts.GetProperty("Unmatched").GetInt32()); // two genuinely identical gifts: both kept
        Assert.Equal(("Paid", 370_000L), await PaymentOfAsync(a));
        Assert.Equal(("Paid", 185_000L), await PaymentOfAsync(b));
        Assert.Equal(("Paid", 200_000L), await PaymentOfAsync(c));

        // The next statement overlaps: it repeats one of the gifts (and only one) and adds a partial payment.
        var next = Techcombank(paid.Account, [gift, new XlsxLine(day.AddDays(1), NoteOf(d), 85_000L)]);
        var overlap = await ReadAsync(await UploadAsync(staff, Import, next, "tcb-next.xlsx", paid.Session.ProducerId));
        Assert.Equal(1, overlap.GetProperty("counts").GetProperty("Duplicate").GetInt32());
        Assert.Equal(1, overlap.GetProperty("counts").GetProperty("Partial").GetInt32());
        Assert.Equal(("Unpaid", 85_000L), await PaymentOfAsync(d));
        Assert.Equal(6, await StatementRowsAsync(paid.Account));

        // Another producer at the same bank: its own layout is needed (the first one's is only proposed, and fits), then it imports.
        var other = await PaidSession.ArrangeAsync(app, priceVnd: 185_000, bin: "970407");
        var e = await other.OrderAsync(_buyer, buyer: 5);
        var file = Techcombank(other.Account, [new XlsxLine(day, NoteOf(e), 185_000L)]);
        var preview = await ReadAsync(await UploadAsync(staff, Preview, file, "tcb.xlsx", other.Session.ProducerId));
        Assert.False(preview.GetProperty("layoutFits").GetBoolean());
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("layout").ValueKind);
        Assert.Equal("Có/Credit", preview.GetProperty("suggested").GetProperty("amountColumn").GetString());
        var required = await ProblemAssertions.AssertProblemAsync(await UploadAsync(staff, Import, file, "tcb.xlsx", other.Session.ProducerId),
            HttpStatusCode.Conflict);
        Assert.Equal("Có/Credit", required.GetProperty("suggested").GetProperty("amountColumn").GetString());
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync("/api/payments/statement-layouts/970407", For(TechcombankLayout, other))).StatusCode);
        var imported = await ReadAsync(await UploadAsync(staff, Import, file, "tcb.xlsx", other.Session.ProducerId));
        Assert.Equal(1, imported.GetProperty("counts").GetProperty("Paid").GetInt32());
        Assert.Equal(("Paid", 185_000L), await PaymentOfAsync(e));
    }

    [Fact]
    public async Task BadFiles_AreRefusedWithProblemDetails_AndChangeNothing()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 185_000, bin: "970418");
        var order = await paid.OrderAsync(_buyer, quantity: 2);
        using var staff = await app.ClientAsAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync("/api/payments/statement-layouts/970418", For(VietcombankLayout, paid))).StatusCode);
        var producer = paid.Session.ProducerId;
        var good = Vietcombank(paid.Account, NoteOf(order), "OCOP 1");

        // The mapped credit column is not in this file (another export of the bank, or another bank's).
        var renamed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(good).Replace("Số tiền ghi có", "Phát sinh có", StringComparison.Ordinal));
        var missing = await ProblemAssertions.AssertProblemAsync(await UploadAsync(staff, Import, renamed, "x.csv", producer), HttpStatusCode.BadRequest);
        Assert.EndsWith("/statement-columns-missing", missing.GetProperty("type").GetString());
        Assert.True(missing.GetProperty("errors").TryGetProperty("amountColumn", out _));

        // Not UTF-8, not a spreadsheet, empty, too long, too large, not multipart.
        var latin1 = Encoding.Latin1.GetBytes("Ngày giao dịch;Số tiền ghi có\n02/12/2026;370.000\n");
        await ProblemAssertions.AssertProblemAsync(await UploadAsync(staff, Import, latin1, "x.csv", producer), HttpStatusCode.BadRequest);
        await ProblemAssertions.AssertProblemAsync(await UploadAsync(staff, Import, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3], "x.xlsx", producer),
            HttpStatusCode.BadRequest);
        await ProblemAssertions.AssertProblemAsync(await UploadAsync(staff, Import, [], "x.csv", producer), HttpStatusCode.BadRequest);
        var header = "Ngày giao dịch;Số tham chiếu;Số tiền ghi có;Nội dung giao dịch\n";
        var tooLong = Encoding.UTF8.GetBytes(header + string.Concat(Enumerable.Range(0, 20_001).Select(i => $"02/12/2026;R{i};1.000;x\n")));
        var longProblem = await ProblemAssertions.AssertProblemAsync(await UploadAsync(staff, Import, tooLong, "x.csv", producer),
            HttpStatusCode.BadRequest);
        Assert.EndsWith("/statement-too-long", longProblem.GetProperty("type").GetString());
        var tooLarge = new byte[6 * 1024 * 1024];
        Array.Fill(tooLarge, (byte)'a');
        var largeProblem = await ProblemAssertions.AssertProblemAsync(await UploadAsync(staff, Import, tooLarge, "x.csv", producer, expectContinue: true),
            HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("5 MB", largeProblem.GetProperty("title").GetString());
        await ProblemAssertions.AssertProblemAsync(await staff.PostAsJsonAsync(Import, new { producerId = producer }),
            HttpStatusCode.UnsupportedMediaType);
        // Without credentials the upload keeps the API's 64 KB: nothing large is buffered before the 401.
        using var anonymous = app.CreateClient();
        await ProblemAssertions.AssertProblemAsync(await UploadAsync(anonymous, Import, new byte[200_000], "x.csv", producer, expectContinue: true),
            HttpStatusCode.RequestEntityTooLarge);
        await ProblemAssertions.AssertProblemAsync(await UploadAsync(anonymous, Import, good, "x.csv", producer), HttpStatusCode.Unauthorized);

        Assert.Equal(0, await StatementRowsAsync(paid.Account));
        Assert.Equal(("Unpaid", 0L), await PaymentOfAsync(order));

        // The good file still imports afterwards.
        var result = await ReadAsync(await UploadAsync(staff, Import, good, "vcb.csv", producer));
        Assert.Equal(1, result.GetProperty("counts").GetProperty("Paid").GetInt32());
    }

    [Fact]
    public async Task Producer_ImportsItsOwnStatement_ButNotAnothers_AndChangesOnlyItsOwnLayout()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 185_000, bin: "970422");
        var order = await paid.OrderAsync(_buyer, quantity: 2);
        var stranger = await PaidSession.ArrangeAsync(app, priceVnd: 185_000, bin: "970422");
        using var producer = await app.ClientInRoleAsync("Producer", paid.Session.ProducerId);
        var csv = Vietcombank(paid.Account, NoteOf(order), "OCOP 1");

        // Another producer's account: 403, nothing stored.
        await ProblemAssertions.AssertProblemAsync(await UploadAsync(producer, Import, csv, "vcb.csv", stranger.Session.ProducerId),
            HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await UploadAsync(producer, Preview, csv, "vcb.csv", stranger.Session.ProducerId),
            HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await producer.PutAsJsonAsync("/api/payments/statement-layouts/970436", VietcombankLayout),
            HttpStatusCode.Forbidden);
        Assert.Equal(0, await StatementRowsAsync(stranger.Account));

        // Its own bank's first mapping, then its own statement.
        Assert.Equal(HttpStatusCode.OK, (await producer.PutAsJsonAsync("/api/payments/statement-layouts/970422", VietcombankLayout)).StatusCode);
        var result = await ReadAsync(await UploadAsync(producer, Import, csv, "vcb.csv", paid.Session.ProducerId));
        Assert.Equal(1, result.GetProperty("counts").GetProperty("Paid").GetInt32());
        Assert.Equal(("Paid", 370_000L), await PaymentOfAsync(order));

        // Its layout is its own: it may change it (here to a wrong column), and that reaches nobody else.
        using var strangerLogin = await app.ClientInRoleAsync("Producer", stranger.Session.ProducerId);
        Assert.Equal(HttpStatusCode.OK, (await strangerLogin.PutAsJsonAsync("/api/payments/statement-layouts/970422", VietcombankLayout)).StatusCode);
        var change = new { amountColumn = "Số dư", contentColumn = "Nội dung giao dịch" };
        Assert.Equal(HttpStatusCode.OK, (await producer.PutAsJsonAsync("/api/payments/statement-layouts/970422", change)).StatusCode);
        var theirs = await app.WithDbAsync(db => db.StatementLayouts.AsNoTracking().SingleAsync(l => l.ProducerId == stranger.Session.ProducerId));
        Assert.Equal("Số tiền ghi có", theirs.AmountColumn);
        var mine = await app.WithDbAsync(db => db.StatementLayouts.AsNoTracking().SingleAsync(l => l.ProducerId == paid.Session.ProducerId));
        Assert.Equal("Số dư", mine.AmountColumn);
        var theirOrder = await stranger.OrderAsync(_buyer, quantity: 2, buyer: 7);
        var theirImport = await ReadAsync(await UploadAsync(strangerLogin, Import, Vietcombank(stranger.Account, NoteOf(theirOrder), "OCOP 1"), "vcb.csv",
            stranger.Session.ProducerId));
        Assert.Equal(1, theirImport.GetProperty("counts").GetProperty("Paid").GetInt32());
        Assert.Equal(("Paid", 370_000L), await PaymentOfAsync(theirOrder)); // the credit column, not the balance (1,370,000)
        var layouts = await producer.GetFromJsonAsync<JsonElement>("/api/payments/statement-layouts");
        Assert.All(layouts.EnumerateArray(), l => Assert.Equal(paid.Session.ProducerId, l.GetProperty("producerId").GetGuid()));

        // Staff must say whose layout they save.
        using var staff = await app.ClientAsAsync();
        var unnamed = await ProblemAssertions.AssertProblemAsync(await staff.PutAsJsonAsync("/api/payments/statement-layouts/970422", VietcombankLayout),
            HttpStatusCode.BadRequest);
        Assert.True(unnamed.GetProperty("errors").TryGetProperty("producerId", out _));
    }

    /// <summary>A layout body naming the producer whose layout it is (staff must).</summary>
    internal static Dictionary<string, object?> For(object layout, PaidSession owner)
    {
        var body = JsonSerializer.SerializeToElement(layout).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        body["producerId"] = owner.Session.ProducerId;
        return body;
    }

    private static string NoteOf(JsonElement order) => order.GetProperty("payment").GetProperty("transferNote").GetString()!;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private Task<(string, long)> PaymentOfAsync(JsonElement order)
    {
        var id = order.GetProperty("id").GetGuid();
        return app.WithDbAsync(async db =>
        {
            var o = await db.Orders.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.PaymentStatus, x.PaidVnd }).SingleAsync();
            return (o.PaymentStatus.ToString(), o.PaidVnd);
        });
    }

    private Task<int> StatementRowsAsync(string account) =>
        app.WithDbAsync(db => db.PaymentNotifications.CountAsync(n => n.Source == NotificationSource.Statement && n.AccountNumber == account));
}
