using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Payments;
using OcopLive.Payments;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// The staff side of payments in Chromium: a director keeps a producer's bank account in the
/// catalogue (with a sample VietQR to check it), and the hotline desk reads out how to pay an order
/// just placed — the transfer note spelt out in Vietnamese, or cash on delivery.
/// </summary>
public sealed class PaymentDeskScenarios(PaymentsApp app, Browser browser, ITestOutputHelper output) : IClassFixture<PaymentsApp>, IClassFixture<Browser>
{
    private readonly AppLog _log = app.Log.AttachTo(output);

    [Fact]
    public async Task Director_SetsAProducersBankAccount_InTheCatalogue_SeesItAfterAReload_AndRemovesIt()
    {
        Guid producerId;
        using (var admin = await app.ClientAsAsync())
        {
            producerId = await Catalogue.CreateProducerAsync(admin, "HTX Cam Thượng Lộc " + Guid.NewGuid().ToString("N")[..6]);
        }

        var director = await Logins.CreateUserAsync(app, "Director");
        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 1000);
        await new LoginPage(page).LogInAsync("/catalogue", director, Logins.Password);
        var editor = new BankAccountEditor(page);
        await Expect(editor.BankOptions).Not.ToHaveCountAsync(0); // the datalist is filled from GET /api/banks
        await editor.Producer.SelectOptionAsync(producerId.ToString());
        await Expect(editor.Current).ToHaveAttributeAsync("data-state", "cod");
        await Expect(editor.Current).ToContainTextAsync("thanh toán khi nhận hàng (COD)");
        await Expect(editor.Sample).ToBeHiddenAsync();

        // The bank is searched by name or BIN; the option's text names both.
        Assert.Contains("Vietcombank — 970436", await editor.BankOptions.EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        await editor.Bank.FillAsync("Vietcombank — 970436");
        await Expect(editor.BankResolved).ToHaveTextAsync("Vietcombank · mã BIN 970436");

        // A wrong account number: the server's Vietnamese message under the field, nothing saved.
        await editor.AccountNumber.FillAsync("0011-0019");
        await editor.AccountName.FillAsync("Hợp tác xã Cam Thượng Lộc");
        await editor.Save.ClickAsync();
        await Expect(editor.ErrorFor("bank.accountNumber")).ToContainTextAsync("Số tài khoản");
        await Expect(editor.AccountNumber).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Null(await BinOnFileAsync(producerId));

        // The holder's name as banks print it is offered, and taken with one click.
        await Expect(editor.NameSuggestion).ToBeVisibleAsync();
        await editor.UsePrintedName.ClickAsync();
        await Expect(editor.AccountName).ToHaveValueAsync("HOP TAC XA CAM THUONG LOC");
        await Expect(editor.NameSuggestion).ToBeHiddenAsync();
        await editor.AccountNumber.FillAsync("0011 0019 32418");
        await editor.Save.ClickAsync();
        await Expect(editor.Message).ToContainTextAsync("Đã lưu tài khoản");
        await Expect(editor.ErrorFor("bank.accountNumber")).ToBeEmptyAsync();
        await Expect(editor.Current).ToHaveTextAsync("Hiện tại: Vietcombank · 0011001932418 · HOP TAC XA CAM THUONG LOC");
        Assert.Equal("970436", await BinOnFileAsync(producerId));

        // The sample QR is shown and is a real image from the server.
        await Expect(editor.Sample).ToBeVisibleAsync();
        await Expect(editor.SampleQr).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await editor.SampleQr.EvaluateAsync<bool>("img => img.naturalWidth > 0"));
        await Screenshots.SaveAsync(page, "catalogue-bank");

        // A reload opens the same producer (kept in the URL) with the account on file.
        await page.ReloadAsync();
        await Expect(page).ToHaveURLAsync(new Regex("bank=" + producerId));
        await Expect(editor.Current).ToHaveTextAsync("Hiện tại: Vietcombank · 0011001932418 · HOP TAC XA CAM THUONG LOC");
        await Expect(editor.AccountNumber).ToHaveValueAsync("0011001932418");
        await Expect(page.GetByTestId($"producer-bank-{producerId}")).ToHaveTextAsync("Vietcombank · 0011001932418");

        await editor.RemoveAsync();
        await Expect(editor.Message).ToContainTextAsync("Đã xoá tài khoản");
        await Expect(editor.Current).ToHaveAttributeAsync("data-state", "cod");
        await Expect(editor.Sample).ToBeHiddenAsync();
        Assert.Null(await BinOnFileAsync(producerId));
        await page.ReloadAsync();
        await Expect(editor.Current).ToHaveAttributeAsync("data-state", "cod");
        await Expect(page.GetByTestId($"producer-bank-{producerId}")).ToHaveTextAsync("COD");
    }

    [Fact]
    public async Task Operator_ReadsOutTheTransferNote_AfterAnOrder_OrCashOnDelivery_WhenTheProducerHasNoAccount()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Kẹo cu đơ " + Guid.NewGuid().ToString("N")[..6], products: 1, stock: 50,
            goLive: true);
        using (var admin = await app.ClientAsAsync())
        {
            var patch = await admin.PatchAsJsonAsync($"/api/producers/{show.ProducerId}",
                new { bank = new { bin = "970436", accountNumber = "0123456789", accountName = "HTX KEO CU DO HA TINH" } });
            Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        }

        var operatorUser = await Logins.CreateUserAsync(app, "Operator");
        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 1000);
        await new LoginPage(page).LogInAsync($"/hotline/{show.SessionId}", operatorUser, Logins.Password);
        var hotline = new HotlinePage(page);
        await hotline.ExpectFollowingTheHubAsync();
        await Expect(hotline.Payment).ToBeHiddenAsync();

        await hotline.TakeCallAsync("0987654321", "Trần Văn Nam", "Hà Tĩnh", "Xã Can Lộc", "Thôn 3", 2);
        await Expect(hotline.OrderNumber).ToHaveTextAsync(new Regex(@"^\d+$"));
        var number = long.Parse(await hotline.OrderNumber.InnerTextAsync(), CultureInfo.InvariantCulture);
        await Expect(hotline.Payment).ToHaveAttributeAsync("data-method", "BankTransfer");
        await Expect(hotline.PayNote).ToHaveTextAsync($"OCOP {number}");
        await Expect(hotline.PayAmount).ToHaveTextAsync("370.000 ₫");
        await Expect(hotline.PayBank).ToHaveTextAsync("Vietcombank (BIN 970436)");
        await Expect(hotline.PayAccount).ToHaveTextAsync("0123456789");
        await Expect(hotline.PayName).ToHaveTextAsync("HTX KEO CU DO HA TINH");
        await Expect(hotline.PayCod).ToBeHiddenAsync();
        var spelt = TransferReadOut.Spell(TransferNote.For(number));
        Assert.StartsWith("O C O P một không", spelt, StringComparison.Ordinal);
        await Expect(hotline.PayReadOut).ToHaveTextAsync(
            "Chuyển khoản 370.000 đồng đến ngân hàng Vietcombank, số tài khoản không một hai ba, bốn năm sáu bảy, tám chín, "
            + $"tên tài khoản HTX KEO CU DO HA TINH, nội dung {spelt}.");
        await Expect(hotline.Recent.Locator("li").First).ToContainTextAsync("CK chưa thanh toán");
        await Screenshots.SaveAsync(page, "hotline-transfer");

        // The producer goes back to cash on delivery: the next call is told to pay the carrier.
        using (var admin = await app.ClientAsAsync())
        {
            var patch = await admin.PatchAsJsonAsync($"/api/producers/{show.ProducerId}", new { bank = (object?)null });
            Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        }

        await page.Keyboard.PressAsync("Escape");
        await hotline.TakeCallAsync("0977111222", "Lê Thị Mai", "Hà Tĩnh", "Phường Thành Sen", "12 Trần Phú", 1);
        await Expect(hotline.Payment).ToHaveAttributeAsync("data-method", "CashOnDelivery");
        await Expect(hotline.PayCod).ToBeVisibleAsync();
        await Expect(hotline.PayCod).ToContainTextAsync("Thanh toán khi nhận hàng (COD)");
        await Expect(hotline.PayCodAmount).ToHaveTextAsync("185.000 ₫");
        await Expect(hotline.PayNote).ToBeHiddenAsync();
        await Expect(hotline.PayReadOut).ToHaveTextAsync("Thanh toán khi nhận hàng (COD): anh/chị trả 185.000 đồng cho người giao hàng.");
        await Expect(hotline.Recent.Locator("li")).ToHaveCountAsync(2);
        await Expect(hotline.Recent.Locator("li").First).ToContainTextAsync("COD");
        await Screenshots.SaveAsync(page, "hotline-cod");
    }

    private Task<string?> BinOnFileAsync(Guid producerId) =>
        app.WithDbAsync(db => db.Producers.AsNoTracking().Where(p => p.Id == producerId).Select(p => p.BankBin).FirstAsync());
}
