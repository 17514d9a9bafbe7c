using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Payments;

namespace OcopLive.IntegrationTests.Payments;

/// <summary>The hotline's transfer read-out and the catalogue's sample VietQR, against the real app and PostgreSQL.</summary>
public sealed class PaymentDeskTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Transfer_GivesTheOperatorTheAccount_TheNote_AndTheSpeltOutSentence()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 185_000, bin: "970436", account: "0011001932418");
        var order = await paid.OrderAsync(_client, quantity: 2);
        var number = order.GetProperty("number").GetInt64();
        var operatorUser = await Logins.CreateUserAsync(app, "Operator");
        using var desk = await Logins.ApiClientAsync(app, operatorUser);

        var t = await desk.GetFromJsonAsync<JsonElement>($"/api/orders/{order.GetProperty("id").GetGuid()}/transfer");
        Assert.Equal("BankTransfer", t.GetProperty("method").GetString());
        Assert.Equal(370_000, t.GetProperty("amountVnd").GetInt64());
        Assert.Equal(TransferNote.For(number), t.GetProperty("transferNote").GetString());
        Assert.Equal("Vietcombank", t.GetProperty("bankName").GetString());
        Assert.Equal("0011001932418", t.GetProperty("accountNumber").GetString());
        Assert.Equal("HTX CAM THUONG LOC", t.GetProperty("accountName").GetString());
        var readOut = t.GetProperty("readOut").GetString()!;
        Assert.StartsWith("Chuyển khoản 370.000 đồng đến ngân hàng Vietcombank, số tài khoản không không một một, ", readOut, StringComparison.Ordinal);
        Assert.EndsWith("nội dung " + TransferReadOut.Spell(TransferNote.For(number)) + ".", readOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfer_KeepsTheOrdersAccount_AndDropsTheHoldersName_AfterTheProducerChangesAccount()
    {
        var paid = await PaidSession.ArrangeAsync(app, bin: "970415");
        var order = await paid.OrderAsync(_client);
        using var staff = await app.ClientAsAsync();
        var patch = await staff.PatchAsJsonAsync($"/api/producers/{paid.Session.ProducerId}",
            new { bank = new { bin = "970418", accountNumber = "1234567890", accountName = "NGUYEN VAN MOI" } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        var t = await staff.GetFromJsonAsync<JsonElement>($"/api/orders/{order.GetProperty("id").GetGuid()}/transfer");
        Assert.Equal("970415", t.GetProperty("bin").GetString());
        Assert.Equal(paid.Account, t.GetProperty("accountNumber").GetString());
        Assert.Equal(JsonValueKind.Null, t.GetProperty("accountName").ValueKind);
        Assert.DoesNotContain("NGUYEN VAN MOI", t.GetProperty("readOut").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfer_SaysCashOnDelivery_WhenTheProducerHasNoAccount()
    {
        var session = await OnAirSession.ArrangeAsync(app, [100]);
        var created = await _client.PostAsJsonAsync($"/api/sessions/{session.SessionId}/orders", OrderBodies.Valid(session.ProductIds[0], 2));
        var order = await created.Content.ReadFromJsonAsync<JsonElement>();
        using var staff = await app.ClientAsAsync();

        var t = await staff.GetFromJsonAsync<JsonElement>($"/api/orders/{order.GetProperty("id").GetGuid()}/transfer");
        Assert.Equal("CashOnDelivery", t.GetProperty("method").GetString());
        Assert.Equal(JsonValueKind.Null, t.GetProperty("accountNumber").ValueKind);
        Assert.StartsWith("Thanh toán khi nhận hàng (COD)", t.GetProperty("readOut").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfer_IsNotFound_ForAnUnknownOrder()
    {
        using var staff = await app.ClientAsAsync();
        var response = await staff.GetAsync($"/api/orders/{Guid.CreateVersion7()}/transfer");
        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SampleQr_IsAVietQrFor10000_ToTheAccountOnFile_ForTheProducerItself_NotForAnother()
    {
        var paid = await PaidSession.ArrangeAsync(app, bin: "970422", account: "0911967363");
        var own = await Logins.CreateUserAsync(app, "Producer", paid.Session.ProducerId);
        var other = await OnAirSession.ArrangeAsync(app, [10]);
        var stranger = await Logins.CreateUserAsync(app, "Producer", other.ProducerId);
        using var ownClient = await Logins.ApiClientAsync(app, own);
        using var strangerClient = await Logins.ApiClientAsync(app, stranger);

        var response = await ownClient.GetAsync($"/api/producers/{paid.Session.ProducerId}/bank/sample-qr");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Contains("<svg", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The image encodes exactly the string the builder makes (checked by VietQrTests against other generators).
        var expected = VietQr.Parse(VietQr.Build("970422", "0911967363", PaymentRules.SampleAmountVnd, PaymentRules.SampleNote))!;
        Assert.Equal(10_000, expected.AmountVnd);
        Assert.Empty(TransferNote.FindNumbers(PaymentRules.SampleNote)); // a sample actually sent never pays an order
        Assert.Equal(QrImages.Svg(VietQr.Build("970422", "0911967363", 10_000, PaymentRules.SampleNote)),
            await response.Content.ReadAsStringAsync());

        await ProblemAssertions.AssertProblemAsync(
            await strangerClient.GetAsync($"/api/producers/{paid.Session.ProducerId}/bank/sample-qr"), HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(
            await strangerClient.GetAsync($"/api/producers/{other.ProducerId}/bank/sample-qr"), HttpStatusCode.NotFound);
    }
}
