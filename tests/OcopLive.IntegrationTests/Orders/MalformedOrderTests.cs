using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Orders;

/// <summary>A catalogue of malformed order requests: each gets a 4xx problem and changes nothing.</summary>
public class MalformedOrderTests(OcopApp app) : IClassFixture<OcopApp>
{
    private const string P = "{P}";

    private const string Good = """
        {"productId":"{P}","quantity":1,"customer":{"name":"Nguyễn Thị Hoa","phone":"0912345678"},
         "address":{"province":"Hà Tĩnh","commune":"Phường Thành Sen","street":"12 Trần Phú"},"channel":"Web"}
        """;

    private static string With(string from, string to) => Good.Replace(from, to, StringComparison.Ordinal);

    public static TheoryData<string, string, string?, string?> Cases => new()
    {
        // label, body, Idempotency-Key header (null: none), field expected in errors (null: any 4xx)
        { "quantity 0", With("\"quantity\":1", "\"quantity\":0"), null, "quantity" },
        { "quantity negative", With("\"quantity\":1", "\"quantity\":-2"), null, "quantity" },
        { "quantity as string", With("\"quantity\":1", "\"quantity\":\"2\""), null, "quantity" },
        { "quantity fractional", With("\"quantity\":1", "\"quantity\":1.5"), null, "quantity" },
        { "quantity missing", With("\"quantity\":1,", ""), null, "quantity" },
        { "quantity above maxPerOrder", With("\"quantity\":1", "\"quantity\":11"), null, "quantity" },
        { "quantity overflow", With("\"quantity\":1", "\"quantity\":99999999999"), null, "quantity" },
        { "productId missing", With("\"productId\":\"{P}\",", ""), null, "productId" },
        { "productId not a uuid", With("{P}", "cam-gion"), null, "productId" },
        { "productId a number", With("\"{P}\"", "123"), null, "productId" },
        { "customer missing", With("\"customer\":{\"name\":\"Nguyễn Thị Hoa\",\"phone\":\"0912345678\"},", ""), null, "customer" },
        { "name empty", With("Nguyễn Thị Hoa", ""), null, "customer.name" },
        { "name blank", With("Nguyễn Thị Hoa", "   "), null, "customer.name" },
        { "name 101 characters", With("Nguyễn Thị Hoa", new string('a', 101)), null, "customer.name" },
        { "name with NUL", With("Nguyễn Thị Hoa", "Hoa\\u0000"), null, "customer.name" },
        { "name with bidi override", With("Nguyễn Thị Hoa", "Hoa\\u202E"), null, "customer.name" },
        { "name a number", With("\"Nguyễn Thị Hoa\"", "42"), null, "customer.name" },
        { "phone missing", With(",\"phone\":\"0912345678\"", ""), null, "customer.phone" },
        { "phone too short", With("0912345678", "12345"), null, "customer.phone" },
        { "phone foreign", With("0912345678", "+1 202 555 0100"), null, "customer.phone" },
        { "phone too long", With("0912345678", "0912345678901"), null, "customer.phone" },
        { "phone not mobile", With("0912345678", "0112345678"), null, "customer.phone" },
        { "phone with letters", With("0912345678", "09123abc78"), null, "customer.phone" },
        { "address missing", With(",\n \"address\":{\"province\":\"Hà Tĩnh\",\"commune\":\"Phường Thành Sen\",\"street\":\"12 Trần Phú\"}", ""), null, "address" },
        { "province unknown", With("Hà Tĩnh", "Atlantis"), null, "address.province" },
        { "province abolished in 2025", With("Hà Tĩnh", "Quảng Bình"), null, "address.province" },
        { "province missing", With("\"province\":\"Hà Tĩnh\",", ""), null, "address.province" },
        { "commune empty", With("Phường Thành Sen", ""), null, "address.commune" },
        { "street too long", With("12 Trần Phú", new string('x', 300)), null, "address.street" },
        { "channel unknown", With("\"Web\"", "\"Fax\""), null, "channel" },
        { "body not JSON", "hello", null, "body" },
        { "body empty", "", null, "body" },
        { "body an array", "[]", null, "body" },
        { "body null", "null", null, "body" },
        { "trailing garbage", Good + " x", null, "body" },
        { "key empty", Good, "", "Idempotency-Key" },
        { "key too long", Good, new string('k', 65), "Idempotency-Key" },
        { "key with space", Good, "my key", "Idempotency-Key" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedOrder_Gets400Problem_NamingTheField_AndStoresNothing(string label, string body, string? key, string? field)
    {
        var show = await ShowAsync();
        using var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{show.SessionId}/orders")
        {
            Content = new StringContent(body.Replace(P, show.ProductIds[0].ToString(), StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        var response = await client.SendAsync(request);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{label}: {problem}");
        }

        await AssertNothingStoredAsync(show);
    }

    [Fact]
    public async Task BodyAbove64KB_IsRefused_AndStoresNothing()
    {
        var show = await ShowAsync();
        using var client = app.CreateClient();
        var body = With("12 Trần Phú", new string('x', 70_000)).Replace(P, show.ProductIds[0].ToString(), StringComparison.Ordinal);
        var response = await client.PostAsync($"/api/sessions/{show.SessionId}/orders", new StringContent(body, Encoding.UTF8, "application/json"));
        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync(show);
    }

    private OnAirSession? _show;

    private async Task<OnAirSession> ShowAsync() => _show ??= await OnAirSession.ArrangeAsync(app, [100]);

    private async Task AssertNothingStoredAsync(OnAirSession show)
    {
        Assert.Equal(0, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId)));
        Assert.Equal(100, await app.WithDbAsync(db => db.Products.Where(p => p.Id == show.ProductIds[0]).Select(p => p.Stock).SingleAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.ProductSales.CountAsync(s => s.SessionId == show.SessionId)));
    }
}
