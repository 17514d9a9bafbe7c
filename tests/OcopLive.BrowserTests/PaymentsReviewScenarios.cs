using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Payments;
using OcopLive.IntegrationTests.Payments.Statements;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// A director reconciles a producer's bank statement on /payments: uploads the bank's CSV, maps
/// its columns (the bank is new), sees the counts, and settles the unmatched transfer by applying
/// it to the order the buyer forgot to name.
/// </summary>
public sealed class PaymentsReviewScenarios(PaymentsApp app, Browser browser, ITestOutputHelper output)
    : IClassFixture<PaymentsApp>, IClassFixture<Browser>
{
    private readonly AppLog _log = app.Log.AttachTo(output);

    [Fact]
    public async Task Director_ImportsAStatement_MapsItsColumns_SeesTheCounts_AndResolvesTheUnmatchedTransfer()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 10_000, bin: "970436");
        using var buyer = app.CreateClient();
        var full = await paid.OrderAsync(buyer, quantity: 37);            // 370,000, named in the statement
        var part = await paid.OrderAsync(buyer, quantity: 15, buyer: 2);  // 150,000, 100,000 arrives
        var forgot = await paid.OrderAsync(buyer, quantity: 25, buyer: 3); // 250,000, sent without a note
        var csv = SampleStatements.Vietcombank(paid.Account, Note(full), Note(part));

        var director = await Logins.CreateUserAsync(app, "Director");
        var page = await browser.NewPageAsync(app.BaseAddress, 1366, 900);
        await new LoginPage(page).LogInAsync("/payments", director, Logins.Password);
        var review = new PaymentsReviewPage(page);
        await Expect(page.GetByTestId("nav-payments")).ToBeVisibleAsync();

        // A bank without a remembered layout: the page asks for the columns, with its guess preselected.
        await review.ChooseStatementAsync(paid.Session.ProducerId, "sao-ke-vcb.csv", csv);
        await Expect(review.Mapping).ToBeVisibleAsync();
        await Expect(review.MapAmount).ToHaveValueAsync("Số tiền ghi có");
        await review.MapAmount.SelectOptionAsync("Số tiền ghi có");
        await review.MapContent.SelectOptionAsync("Nội dung giao dịch");
        await review.MapReference.SelectOptionAsync("Số tham chiếu");
        await review.MapDate.SelectOptionAsync("Ngày giao dịch");
        await Screenshots.SaveAsync(page, "payments-statement-mapping");
        await review.SaveMapping.ClickAsync();

        await Expect(review.Result).ToBeVisibleAsync();
        await Expect(review.Count("Credits")).ToHaveAttributeAsync("data-count", "3");
        await Expect(review.Count("Paid")).ToHaveAttributeAsync("data-count", "1");
        await Expect(review.Count("Partial")).ToHaveAttributeAsync("data-count", "1");
        await Expect(review.Count("Unmatched")).ToHaveAttributeAsync("data-count", "1");
        await Expect(review.Count("Debits")).ToHaveAttributeAsync("data-count", "1");
        await Expect(review.Count("Duplicate")).ToHaveAttributeAsync("data-count", "0");
        Assert.Equal("Số tiền ghi có", await app.WithDbAsync(db => db.StatementLayouts.Where(l => l.Bin == "970436" && l.ProducerId == paid.Session.ProducerId).Select(l => l.AmountColumn).SingleAsync()));

        // The unmatched transfer and the partial one are open for review, in Vietnam time.
        var unmatched = review.ReviewRow("chuyen tien khong ghi chu");
        await Expect(unmatched).ToBeVisibleAsync();
        await Expect(unmatched.GetByTestId("review-amount")).ToHaveTextAsync("250.000 ₫");
        await Expect(unmatched.GetByTestId("review-outcome")).ToHaveTextAsync("Không khớp đơn nào");
        await Expect(review.ReviewRow($"{Note(part)} chuyen tien mua cam").GetByTestId("review-outcome")).ToHaveTextAsync("Trả thiếu");
        await Screenshots.SaveAsync(page, "payments-review");

        // The buyer of the third order called: the 250,000 was theirs.
        await unmatched.GetByTestId("resolve-order").FillAsync(forgot.GetProperty("number").GetInt64().ToString(CultureInfo.InvariantCulture));
        await unmatched.GetByTestId("resolve-note").FillAsync("Khách gọi xác nhận, quên ghi nội dung");
        await unmatched.GetByTestId("resolve-submit").ClickAsync();
        await Expect(unmatched).ToHaveCountAsync(0);
        var id = forgot.GetProperty("id").GetGuid();
        var order = await app.WithDbAsync(db => db.Orders.AsNoTracking().Where(o => o.Id == id).Select(o => new { o.PaymentStatus, o.PaidVnd }).SingleAsync());
        Assert.Equal(OcopLive.Payments.PaymentStatus.Paid, order.PaymentStatus);
        Assert.Equal(250_000, order.PaidVnd);

        // The same file again: nothing new, and the page says so.
        await review.ChooseStatementAsync(paid.Session.ProducerId, "sao-ke-vcb.csv", csv);
        await Expect(review.Count("Duplicate")).ToHaveAttributeAsync("data-count", "3");
        await Expect(review.Count("Paid")).ToHaveAttributeAsync("data-count", "0");
    }

    private static string Note(System.Text.Json.JsonElement order) => order.GetProperty("payment").GetProperty("transferNote").GetString()!;
}
