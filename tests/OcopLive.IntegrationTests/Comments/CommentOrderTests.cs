using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using OcopLive.Comments;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;
using OcopLive.Orders;
using Xunit.Abstractions;

namespace OcopLive.IntegrationTests.Comments;

/// <summary>Comment orders over the real API and PostgreSQL: ingestion, the desk's claim, confirm and dismiss.</summary>
public class CommentOrderTests : IClassFixture<OcopApp>
{
    private static readonly Address HaTinh = new("Hà Tĩnh", "Xã Hương Sơn", "Thôn 3");
    private readonly OcopApp _app;

    public CommentOrderTests(OcopApp app, ITestOutputHelper output)
    {
        _app = app;
        app.Log.AttachTo(output);
    }

    private sealed record Address(string Province, string Commune, string? Street);

    internal static string NewPhone() => "09" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static object CommentBody(string text, string? commentId = null, string platform = "YouTube", string author = "Nguyễn Thị Hoa") =>
        new { platform, commentId = commentId ?? Guid.NewGuid().ToString("N"), author, text, at = DateTimeOffset.UtcNow };

    private async Task<JsonElement> OnlyCommentAsync(HttpClient staff, Guid sessionId)
    {
        var list = await staff.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/comments");
        Assert.Equal(1, list.GetArrayLength());
        return list[0];
    }

    [Fact]
    public async Task Comment_IsStoredOncePerPlatformAndId_ParsedAgainstTheProductOnAir_PhoneMasked()
    {
        var show = await OnAirSession.ArrangeAsync(_app, [10, 10]);
        using var op = await _app.ClientInRoleAsync("Operator");
        var body = CommentBody("chốt 2 hộp 0912 345 678", "yt-1");

        var first = await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", body);
        var again = await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", body);
        var otherPlatform = await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", CommentBody("hello", "yt-1", "Facebook"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, otherPlatform.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        var list = await op.GetFromJsonAsync<JsonElement>($"/api/sessions/{show.SessionId}/comments");
        Assert.Equal(2, list.GetArrayLength());
        var c = list.EnumerateArray().Single(x => x.GetProperty("platform").GetString() == "YouTube");
        Assert.Equal("Order", c.GetProperty("kind").GetString());
        Assert.Equal(2, c.GetProperty("quantity").GetInt32());
        Assert.Equal(show.ProductIds[0], c.GetProperty("productId").GetGuid());
        Assert.Equal("New", c.GetProperty("state").GetString());
        Assert.Equal("+8491•••••78", c.GetProperty("phone").GetString());
        Assert.DoesNotContain("345", c.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("Other", list.EnumerateArray().Single(x => x.GetProperty("platform").GetString() == "Facebook").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Comment_NamingAProductCode_GetsThatProduct_AndQuestionsAreQuestions()
    {
        var show = await OnAirSession.ArrangeAsync(_app, [10, 10]);
        using var op = await _app.ClientInRoleAsync("Operator");
        await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", CommentBody("mã 2 x3 0912345678"));
        await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", CommentBody("giá bao nhiêu vậy shop?"));

        var list = (await op.GetFromJsonAsync<JsonElement>($"/api/sessions/{show.SessionId}/comments")).EnumerateArray().ToList();
        Assert.Equal(show.ProductIds[1], list[0].GetProperty("productId").GetGuid());
        Assert.Equal(3, list[0].GetProperty("quantity").GetInt32());
        Assert.Equal("Question", list[1].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Confirm_PlacesOneCommentOrder_ThroughTheIntake_StockFiguresAndState_EvenWhenPressedTwiceAtOnce()
    {
        var show = await OnAirSession.ArrangeAsync(_app, [10]);
        using var op = await _app.ClientInRoleAsync("Operator");
        var phone = NewPhone();
        await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", CommentBody($"chốt 2 hộp {phone}"));
        var comment = await OnlyCommentAsync(op, show.SessionId);
        var id = comment.GetProperty("id").GetGuid();

        var claim = await op.PostAsJsonAsync($"/api/comments/{id}/claim", new { });
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        var claimed = await claim.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("+84" + phone[1..], claimed.GetProperty("comment").GetProperty("phone").GetString());
        Assert.Equal(JsonValueKind.Null, claimed.GetProperty("previous").ValueKind);

        var confirm = new { address = HaTinh };
        var answers = await Task.WhenAll(
            op.PostAsJsonAsync($"/api/comments/{id}/confirm", confirm),
            op.PostAsJsonAsync($"/api/comments/{id}/confirm", confirm));

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, a.StatusCode.ToString()));
        var orderIds = new HashSet<Guid>();
        foreach (var a in answers)
        {
            orderIds.Add((await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        Assert.Single(orderIds);
        var later = await op.PostAsJsonAsync($"/api/comments/{id}/confirm", confirm);
        Assert.True(later.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, later.StatusCode.ToString());
        Assert.Equal(orderIds.Single(), (await later.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        var orders = await _app.WithDbAsync(db => db.Orders.Where(o => o.SessionId == show.SessionId).ToListAsync());
        var order = Assert.Single(orders);
        Assert.Equal((OrderChannel.Comment, 2, "+84" + phone[1..], "Nguyễn Thị Hoa", "Xã Hương Sơn"),
            (order.Channel, order.Quantity, order.CustomerPhone, order.CustomerName, order.Commune));
        Assert.Equal(8, await _app.WithDbAsync(db => db.Products.Where(p => p.Id == show.ProductIds[0]).Select(p => p.Stock).SingleAsync()));
        var live = await op.GetFromJsonAsync<JsonElement>($"/api/sessions/{show.SessionId}/live");
        Assert.Equal(1, live.GetProperty("totals").GetProperty("orders").GetInt32());
        var stored = await _app.WithDbAsync(db => db.Comments.SingleAsync(c => c.Id == id));
        Assert.Equal((CommentState.Confirmed, order.Id), (stored.State, stored.OrderId));
    }

    [Fact]
    public async Task Confirm_FollowsTheOrderRules_SoldOutStoresNothing_AndAQuantityCanBeCorrected()
    {
        var show = await OnAirSession.ArrangeAsync(_app, [1]);
        using var op = await _app.ClientInRoleAsync("Operator");
        await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", CommentBody($"lấy 3 hộp {NewPhone()}"));
        var id = (await OnlyCommentAsync(op, show.SessionId)).GetProperty("id").GetGuid();

        var soldOut = await op.PostAsJsonAsync($"/api/comments/{id}/confirm", new { address = HaTinh });
        await ProblemAssertions.AssertProblemAsync(soldOut, HttpStatusCode.Conflict);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId)));
        Assert.Equal(CommentState.New, await _app.WithDbAsync(db => db.Comments.Where(c => c.Id == id).Select(c => c.State).SingleAsync()));

        var noAddress = await op.PostAsJsonAsync($"/api/comments/{id}/confirm", new { quantity = 1 });
        var problem = await ProblemAssertions.AssertProblemAsync(noAddress, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("address", out _));

        var corrected = await op.PostAsJsonAsync($"/api/comments/{id}/confirm", new { quantity = 1, address = HaTinh });
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Products.Where(p => p.Id == show.ProductIds[0]).Select(p => p.Stock).SingleAsync()));
    }

    [Fact]
    public async Task Claim_ShowsThePhoneToTheClaimantOnly_PrefillsTheLastAddress_AndKeepsOthersOut()
    {
        var show = await OnAirSession.ArrangeAsync(_app, [10]);
        using var admin = await _app.ClientAsAsync();
        var phone = NewPhone();
        var earlier = await admin.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            OrderBodies.Valid(show.ProductIds[0], 1, phone, "Trần Văn Nam", channel: "Hotline"));
        Assert.Equal(HttpStatusCode.Created, earlier.StatusCode);
        using var lan = await _app.ClientInRoleAsync("Operator");
        using var minh = await _app.ClientInRoleAsync("Operator");
        await lan.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", CommentBody($"chốt 1 {phone}"));
        var id = (await OnlyCommentAsync(lan, show.SessionId)).GetProperty("id").GetGuid();

        var claim = await (await lan.PostAsJsonAsync($"/api/comments/{id}/claim", new { })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Phường Thành Sen", claim.GetProperty("previous").GetProperty("commune").GetString());
        Assert.Equal("Trần Văn Nam", claim.GetProperty("previous").GetProperty("name").GetString());

        var seenByMinh = await OnlyCommentAsync(minh, show.SessionId);
        Assert.Contains("•", seenByMinh.GetProperty("phone").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(seenByMinh.GetProperty("claimedBy").GetString()));
        await ProblemAssertions.AssertProblemAsync(await minh.PostAsJsonAsync($"/api/comments/{id}/claim", new { }), HttpStatusCode.Conflict);
        await ProblemAssertions.AssertProblemAsync(
            await minh.PostAsJsonAsync($"/api/comments/{id}/confirm", new { address = HaTinh }), HttpStatusCode.Conflict);
        Assert.Equal("+84" + phone[1..], (await lan.GetFromJsonAsync<JsonElement>($"/api/comments/{id}")).GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Dismiss_EndsTheComment_WhichCanNoLongerBeConfirmed()
    {
        var show = await OnAirSession.ArrangeAsync(_app, [10]);
        using var op = await _app.ClientInRoleAsync("Operator");
        await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", CommentBody($"chốt 1 {NewPhone()}"));
        var id = (await OnlyCommentAsync(op, show.SessionId)).GetProperty("id").GetGuid();

        var dismissed = await op.PostAsJsonAsync($"/api/comments/{id}/dismiss", new { });

        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        Assert.Equal("Dismissed", (await dismissed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        await ProblemAssertions.AssertProblemAsync(
            await op.PostAsJsonAsync($"/api/comments/{id}/confirm", new { address = HaTinh }), HttpStatusCode.Conflict);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId)));
    }

    [Fact]
    public async Task Comments_AreRefused_WhenInvalid_UnknownSession_Anonymous_OrProducer()
    {
        var show = await OnAirSession.ArrangeAsync(_app, [10]);
        using var op = await _app.ClientInRoleAsync("Operator");
        using var anonymous = _app.CreateClient();
        using var producer = await _app.ClientInRoleAsync("Producer", show.ProducerId);

        var invalid = await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", new { commentId = "1", author = "A", text = "x", at = DateTimeOffset.UtcNow });
        var errors = (await ProblemAssertions.AssertProblemAsync(invalid, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("platform", out _));
        await ProblemAssertions.AssertProblemAsync(
            await op.PostAsJsonAsync($"/api/sessions/{Guid.NewGuid()}/comments", CommentBody("chốt 1")), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", CommentBody("chốt 1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await producer.GetAsync($"/api/sessions/{show.SessionId}/comments")).StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Comments.CountAsync(c => c.SessionId == show.SessionId)));
    }

    [Fact]
    public async Task Desk_ReceivesAComment_WithinASecondOfItsArrival()
    {
        var show = await OnAirSession.ArrangeAsync(_app, [10]);
        using var op = await _app.ClientInRoleAsync("Operator");
        var token = op.DefaultRequestHeaders.Authorization!.Parameter!;
        await using var desk = await LiveClient.ConnectAsync(_app.BaseAddress, DeskHub.Path, token);
        await desk.Connection.InvokeAsync("JoinDesk", show.SessionId.ToString());

        var sent = System.Diagnostics.Stopwatch.StartNew();
        await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", CommentBody("lấy 2 hộp nhé 0912345678", "desk-1"));
        var pushed = (await desk.WaitForAsync("comment", e => e.GetProperty("commentId").GetString() == "desk-1", TimeSpan.FromSeconds(5))).Payload;

        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(1), $"{sent.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal("Order", pushed.GetProperty("kind").GetString());
        Assert.Equal("+8491•••••78", pushed.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task BuyersTicker_ShowsRecentOrders_Masked_NeverAPhone()
    {
        var show = await OnAirSession.ArrangeAsync(_app, [10]);
        using var admin = await _app.ClientAsAsync();
        var phone = NewPhone();
        var placed = await admin.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            new
            {
                productId = show.ProductIds[0],
                quantity = 2,
                customer = new { name = "Nguyễn Thị Hoa", phone },
                address = new { province = "Hà Tĩnh", commune = "Xã Hương Sơn" },
                channel = "Hotline",
            });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        using var anonymous = _app.CreateClient();

        var buyers = await anonymous.GetFromJsonAsync<JsonElement>($"/api/sessions/{show.SessionId}/buyers");

        var line = buyers.GetProperty("buyers")[0].GetProperty("text").GetString()!;
        Assert.Equal("Chị H*** · Hương Sơn vừa đặt 2 kg", line);
        // No field shows any of the phone (the row's id is random hex, so it may hold any three digits).
        foreach (var field in buyers.GetProperty("buyers").EnumerateArray().SelectMany(b => b.EnumerateObject()).Where(f => f.Name != "id"))
        {
            Assert.DoesNotContain(phone[^3..], field.Value.GetRawText(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(phone[^7..], buyers.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/sessions/{Guid.NewGuid()}/buyers")).StatusCode);
    }
}
