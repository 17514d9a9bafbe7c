using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;
using OcopLive.Payments;

namespace OcopLive.IntegrationTests.Payments;

public sealed class PaymentNotificationTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Order201_CarriesAVietQrForItsTotal_ToTheProducersAccount_WithTheTransferNote()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 185_000, bin: "970415");
        var order = await paid.OrderAsync(_client, quantity: 2);
        var payment = order.GetProperty("payment");
        Assert.Equal("Unpaid", payment.GetProperty("status").GetString());
        Assert.Equal("BankTransfer", payment.GetProperty("method").GetString());
        var note = payment.GetProperty("transferNote").GetString()!;
        Assert.Equal("OCOP " + order.GetProperty("number").GetInt64(), note);
        var qr = VietQr.Parse(payment.GetProperty("vietQr").GetString());
        Assert.NotNull(qr);
        Assert.Equal("970415", qr.Bin);
        Assert.Equal(paid.Account, qr.AccountNumber);
        Assert.Equal(370_000, qr.AmountVnd);
        Assert.Equal(order.GetProperty("totalVnd").GetInt64(), qr.AmountVnd);
        Assert.Equal("704", qr.Currency);
        Assert.Equal("VN", qr.Country);
        Assert.Equal("A000000727", qr.Guid);
        Assert.Equal("QRIBFTTA", qr.Service);
        Assert.Equal(note, qr.Purpose);
        Assert.False(string.IsNullOrEmpty(payment.GetProperty("watchToken").GetString()));

        // The same payment object on the staff read and on the buyer's look-up (without the watch token).
        using var staff = await app.ClientAsAsync();
        var read = await staff.GetFromJsonAsync<JsonElement>($"/api/orders/{order.GetProperty("id").GetGuid()}");
        Assert.Equal(payment.GetProperty("vietQr").GetString(), read.GetProperty("payment").GetProperty("vietQr").GetString());
        Assert.False(read.GetProperty("payment").TryGetProperty("watchToken", out _));
        var lookup = await (await _client.PostAsJsonAsync("/api/orders/lookup", new { number = $"{order.GetProperty("number").GetInt64()}", phone = OrderBodies.PhoneOf(1) })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(note, lookup.GetProperty("payment").GetProperty("transferNote").GetString());
        Assert.Equal("Unpaid", lookup.GetProperty("payment").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Order201_IsCashOnDelivery_WhenTheProducerHasNoAccount()
    {
        var session = await OnAirSession.ArrangeAsync(app, [100]);
        var response = await _client.PostAsJsonAsync($"/api/sessions/{session.SessionId}/orders", OrderBodies.Valid(session.ProductIds[0]));
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();
        var payment = order.GetProperty("payment");
        Assert.Equal("CashOnDelivery", payment.GetProperty("method").GetString());
        Assert.Equal(JsonValueKind.Null, payment.GetProperty("vietQr").ValueKind);
        Assert.Equal("Unpaid", payment.GetProperty("status").GetString());
        Assert.StartsWith("OCOP ", payment.GetProperty("transferNote").GetString());
    }

    [Fact]
    public async Task Notification_MarksTheOrderPaid_AndItsReplayChangesNothing()
    {
        var paid = await PaidSession.ArrangeAsync(app);
        var order = await paid.OrderAsync(_client);
        var note = order.GetProperty("payment").GetProperty("transferNote").GetString()!;
        var body = BankService.Body("evt-" + Guid.NewGuid(), paid.Account, order.GetProperty("totalVnd").GetInt64(), note);

        var first = await BankService.SendAsync(_client, body);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Paid", await PaymentStatusAsync(order));
        var replay = await BankService.SendAsync(_client, body);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.True((await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(order.GetProperty("totalVnd").GetInt64(), await PaidVndAsync(order));
    }

    [Fact]
    public async Task Notification_WithABadOrMissingSignature_Is401_AndNothingIsStored()
    {
        var paid = await PaidSession.ArrangeAsync(app);
        var order = await paid.OrderAsync(_client);
        var id = "evt-" + Guid.NewGuid();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(BankService.Body(id, paid.Account, order.GetProperty("totalVnd").GetInt64(),
            order.GetProperty("payment").GetProperty("transferNote").GetString()!));

        var signatures = new[]
        {
            null,
            "",
            ReceiveBankNotification.Sign("another-secret", bytes),
            ReceiveBankNotification.Sign(PaymentsApp.Secret, bytes)[..^2] + "00",
            "sha256=zz" + new string('0', 62),
            ReceiveBankNotification.Sign(PaymentsApp.Secret, bytes).Replace("sha256=", "sha1=", StringComparison.Ordinal),
        };
        foreach (var signature in signatures)
        {
            var response = await BankService.SendRawAsync(_client, bytes, signature);
            await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        }

        // The body changed after signing: refused too.
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace(paid.Account, paid.Account + "1", StringComparison.Ordinal));
        await ProblemAssertions.AssertProblemAsync(
            await BankService.SendRawAsync(_client, tampered, ReceiveBankNotification.Sign(PaymentsApp.Secret, bytes)), HttpStatusCode.Unauthorized);

        Assert.Equal("Unpaid", await PaymentStatusAsync(order));
        Assert.False(await app.WithDbAsync(db => db.PaymentNotifications.AnyAsync(n => n.ExternalId == id)));
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("ocop {1}")]
    [InlineData("CT DEN:123456789012 OCOP{1} chuyen tien mua cam")]
    [InlineData("MBVCB.3312094.OCOP-{1}.CT tu 0011001932418 NGUYEN THI HOA toi 0123")]
    [InlineData("Thanh toán đơn Ocop_{1} – cảm ơn")]
    [InlineData("IBFT OCOP{1}0912345678")]
    public async Task Notification_ReadsTheNote_WhateverTheBankDidToIt(string format)
    {
        var paid = await PaidSession.ArrangeAsync(app);
        var order = await paid.OrderAsync(_client);
        var note = order.GetProperty("payment").GetProperty("transferNote").GetString()!;
        var content = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, note, order.GetProperty("number").GetInt64());
        var response = await BankService.SendAsync(_client,
            BankService.Body("evt-" + Guid.NewGuid(), paid.Account, order.GetProperty("totalVnd").GetInt64(), content));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Paid", await PaymentStatusAsync(order));
    }

    [Fact]
    public async Task Notification_ToAnotherAccount_LeavesTheOrderUnpaid_AndIsKeptForReview()
    {
        var paid = await PaidSession.ArrangeAsync(app);
        var order = await paid.OrderAsync(_client);
        var id = "evt-" + Guid.NewGuid();
        var response = await BankService.SendAsync(_client, BankService.Body(id, "999888777666", order.GetProperty("totalVnd").GetInt64(),
            order.GetProperty("payment").GetProperty("transferNote").GetString()!));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unpaid", await PaymentStatusAsync(order));
        var stored = await app.WithDbAsync(db => db.PaymentNotifications.SingleAsync(n => n.ExternalId == id));
        Assert.Equal(NotificationOutcome.WrongAccount, stored.Outcome);
        Assert.Equal(ReviewState.Open, stored.Review);
    }

    [Fact]
    public async Task Underpayment_StaysUnpaidForReview_AndTheRestCompletesIt()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 200_000);
        var order = await paid.OrderAsync(_client);
        var note = order.GetProperty("payment").GetProperty("transferNote").GetString()!;
        await BankService.SendAsync(_client, BankService.Body("evt-a-" + Guid.NewGuid(), paid.Account, 150_000, note));
        Assert.Equal("Unpaid", await PaymentStatusAsync(order));
        Assert.Equal(150_000, await PaidVndAsync(order));
        await BankService.SendAsync(_client, BankService.Body("evt-b-" + Guid.NewGuid(), paid.Account, 50_000, note));
        Assert.Equal("Paid", await PaymentStatusAsync(order));
        Assert.Equal(200_000, await PaidVndAsync(order));

        using var staff = await app.ClientAsAsync();
        var review = await staff.GetFromJsonAsync<JsonElement>("/api/payments/review?state=Open");
        Assert.Contains(review.EnumerateArray(), n => n.GetProperty("orderNumber").ValueKind == JsonValueKind.Number
            && n.GetProperty("orderNumber").GetInt64() == order.GetProperty("number").GetInt64() && n.GetProperty("outcome").GetString() == "Partial");
    }

    [Fact]
    public async Task Overpayment_PaysTheOrder_AndIsKeptForReview()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 100_000);
        var order = await paid.OrderAsync(_client);
        var id = "evt-" + Guid.NewGuid();
        await BankService.SendAsync(_client, BankService.Body(id, paid.Account, 120_000,
            order.GetProperty("payment").GetProperty("transferNote").GetString()!));
        Assert.Equal("Paid", await PaymentStatusAsync(order));
        var stored = await app.WithDbAsync(db => db.PaymentNotifications.SingleAsync(n => n.ExternalId == id));
        Assert.Equal(NotificationOutcome.Overpaid, stored.Outcome);
        Assert.Equal(ReviewState.Open, stored.Review);
    }

    [Fact]
    public async Task UnmatchedMoney_IsKept_AndCanBeAppliedToAnOrderByStaff()
    {
        var paid = await PaidSession.ArrangeAsync(app);
        var order = await paid.OrderAsync(_client);
        var id = "evt-" + Guid.NewGuid();
        var response = await BankService.SendAsync(_client,
            BankService.Body(id, paid.Account, order.GetProperty("totalVnd").GetInt64(), "chuyen tien mua cam cho me"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await app.WithDbAsync(db => db.PaymentNotifications.SingleAsync(n => n.ExternalId == id));
        Assert.Equal(NotificationOutcome.Unmatched, stored.Outcome);
        Assert.Equal(ReviewState.Open, stored.Review);
        Assert.Equal("Unpaid", await PaymentStatusAsync(order));

        using var staff = await app.ClientAsAsync();
        var resolve = await staff.PostAsJsonAsync($"/api/payments/notifications/{stored.Id}/resolve",
            new { orderNumber = order.GetProperty("number").GetInt64(), note = "khách gọi báo đã chuyển" });
        Assert.True(resolve.IsSuccessStatusCode, await resolve.Content.ReadAsStringAsync());
        Assert.Equal("Paid", await PaymentStatusAsync(order));
        var again = await staff.PostAsJsonAsync($"/api/payments/notifications/{stored.Id}/resolve", new { note = "lần hai" });
        await ProblemAssertions.AssertProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ConcurrentDuplicates_AreCountedOnce()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 100_000);
        var order = await paid.OrderAsync(_client);
        var id = "evt-dup-" + Guid.NewGuid();
        var body = BankService.Body(id, paid.Account, 60_000, order.GetProperty("payment").GetProperty("transferNote").GetString()!);
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => BankService.SendAsync(_client, body)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(60_000, await PaidVndAsync(order));
        Assert.Equal(1, await app.WithDbAsync(db => db.PaymentNotifications.CountAsync(n => n.ExternalId == id)));

        // Distinct transfers for one order racing each other: each counted exactly once.
        var parts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => BankService.SendAsync(_client,
            BankService.Body($"{id}-{i}", paid.Account, 5_000, order.GetProperty("payment").GetProperty("transferNote").GetString()!))));
        Assert.All(parts, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(100_000, await PaidVndAsync(order));
        Assert.Equal("Paid", await PaymentStatusAsync(order));
    }

    [Fact]
    public async Task Notification_WithoutAnIdOrAmount_Is400_AndOver64KB_Is413()
    {
        var bad = JsonSerializer.SerializeToUtf8Bytes(new { accountNumber = "123", amount = -5, content = "OCOP 100001" });
        var response = await BankService.SendRawAsync(_client, bad, ReceiveBankNotification.Sign(PaymentsApp.Secret, bad));
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("amount", out _));

        var huge = JsonSerializer.SerializeToUtf8Bytes(new { id = "x", accountNumber = "1", amount = 1, content = new string('a', 70_000) });
        await ProblemAssertions.AssertProblemAsync(
            await BankService.SendRawAsync(_client, huge, ReceiveBankNotification.Sign(PaymentsApp.Secret, huge)), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Buyer_FollowsTheirOrdersPayment_OnTheViewersHub_WithTheWatchToken()
    {
        var paid = await PaidSession.ArrangeAsync(app);
        var order = await paid.OrderAsync(_client);
        var orderId = order.GetProperty("id").GetGuid();
        await using var phone = await LiveClient.ConnectAsync(app.BaseAddress);
        await Assert.ThrowsAnyAsync<Exception>(() => phone.Connection.InvokeAsync("JoinOrder", "forged-token"));
        await phone.Connection.InvokeAsync("JoinOrder", order.GetProperty("payment").GetProperty("watchToken").GetString());
        await phone.WaitForAsync("payment", p => p.GetProperty("orderId").GetGuid() == orderId && p.GetProperty("status").GetString() == "Unpaid");

        await BankService.SendAsync(_client, BankService.Body("evt-" + Guid.NewGuid(), paid.Account, order.GetProperty("totalVnd").GetInt64(),
            order.GetProperty("payment").GetProperty("transferNote").GetString()!));
        await phone.WaitForAsync("payment", p => p.GetProperty("orderId").GetGuid() == orderId && p.GetProperty("status").GetString() == "Paid");
        // Nothing of the buyer travels on this event.
        var last = phone.Of("payment")[^1].Payload.ToString();
        Assert.DoesNotContain("Hoa", last, StringComparison.Ordinal);
        Assert.DoesNotContain("+84", last, StringComparison.Ordinal);

        using var poll = new HttpRequestMessage(HttpMethod.Get, "/api/payments/watch");
        poll.Headers.Add("Ocop-Watch-Token", order.GetProperty("payment").GetProperty("watchToken").GetString());
        var polled = await (await _client.SendAsync(poll)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Paid", polled.GetProperty("status").GetString());
    }

    [Fact]
    public async Task PaymentStatus_ShowsInTheProducersOrders_Csv_AndTheSessionTotals()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 100_000);
        var first = await paid.OrderAsync(_client, buyer: 1);
        var second = await paid.OrderAsync(_client, quantity: 2, buyer: 2);
        await BankService.SendAsync(_client, BankService.Body("evt-" + Guid.NewGuid(), paid.Account, 100_000,
            first.GetProperty("payment").GetProperty("transferNote").GetString()!));

        using var staff = await app.ClientAsAsync();
        var url = $"/api/producers/{paid.Session.ProducerId}/orders?sessionId={paid.Session.SessionId}";
        var paidOnly = await staff.GetFromJsonAsync<JsonElement>(url + "&payment=Paid");
        Assert.Equal([first.GetProperty("number").GetInt64()], paidOnly.EnumerateArray().Select(o => o.GetProperty("number").GetInt64()));
        var unpaid = await staff.GetFromJsonAsync<JsonElement>(url + "&payment=Unpaid");
        Assert.Equal([second.GetProperty("number").GetInt64()], unpaid.EnumerateArray().Select(o => o.GetProperty("number").GetInt64()));

        var csv = await staff.GetStringAsync(url + "&format=csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Trim().Split(',');
        var statusColumn = Array.IndexOf(header, "paymentStatus");
        Assert.True(statusColumn > 0, lines[0]);
        var byNumber = lines.Skip(1).Select(l => l.Trim().Split(',')).ToDictionary(c => long.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Paid", byNumber[first.GetProperty("number").GetInt64()][statusColumn]);
        Assert.Equal("Unpaid", byNumber[second.GetProperty("number").GetInt64()][statusColumn]);

        // The portal's paid/unpaid figures are summed by the server over every order, whatever page is shown;
        // a cancelled order counts in neither.
        var third = await paid.OrderAsync(_client, buyer: 3);
        (await staff.PostAsJsonAsync($"/api/orders/{third.GetProperty("id").GetGuid()}/cancel", new { })).EnsureSuccessStatusCode();
        var portal = await staff.GetFromJsonAsync<JsonElement>(
            $"/api/producers/{paid.Session.ProducerId}/payment-totals?sessionId={paid.Session.SessionId}");
        Assert.Equal(1, portal.GetProperty("paidOrders").GetInt32());
        Assert.Equal(100_000, portal.GetProperty("paidVnd").GetInt64());
        Assert.Equal(1, portal.GetProperty("unpaidOrders").GetInt32());
        Assert.Equal(200_000, portal.GetProperty("unpaidVnd").GetInt64());
        Assert.Equal(100_000, portal.GetProperty("receivedVnd").GetInt64());

        var totals = await staff.GetFromJsonAsync<JsonElement>($"/api/sessions/{paid.Session.SessionId}/payments");
        Assert.Equal(300_000, totals.GetProperty("revenueVnd").GetInt64());
        Assert.Equal(100_000, totals.GetProperty("paidRevenueVnd").GetInt64());
        Assert.Equal(1, totals.GetProperty("paidOrders").GetInt32());
    }

    private async Task<string> PaymentStatusAsync(JsonElement order)
    {
        using var staff = await app.ClientAsAsync();
        var read = await staff.GetFromJsonAsync<JsonElement>($"/api/orders/{order.GetProperty("id").GetGuid()}");
        return read.GetProperty("payment").GetProperty("status").GetString()!;
    }

    private async Task<long> PaidVndAsync(JsonElement order)
    {
        var id = order.GetProperty("id").GetGuid();
        return await app.WithDbAsync(db => db.Orders.Where(o => o.Id == id).Select(o => o.PaidVnd).SingleAsync());
    }
}

/// <summary>Without a secret the route does not exist for the outside world.</summary>
public sealed class PaymentNotificationsOffTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task Notification_Is404_WhenNoSecretIsConfigured()
    {
        using var client = app.CreateClient();
        var body = JsonSerializer.SerializeToUtf8Bytes(BankService.Body("evt-1", "123", 1000, "OCOP 100001"));
        var response = await BankService.SendRawAsync(client, body, ReceiveBankNotification.Sign("anything", body));
        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }
}
