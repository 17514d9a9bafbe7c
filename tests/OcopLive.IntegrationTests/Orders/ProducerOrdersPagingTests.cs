using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;

namespace OcopLive.IntegrationTests.Orders;

/// <summary>
/// The portal's order list is paged (<c>limit</c>, <c>after</c>, <c>X-Next-Cursor</c>), newest
/// first; without them the JSON answer and the CSV stay complete.
/// </summary>
public class ProducerOrdersPagingTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task Pages_CoverEveryOrderOnce_NewestFirst_EvenOrdersOfTheSameInstant()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        // Four orders in one transaction share their creation time: the cursor must still split them.
        await using (var conn = new NpgsqlConnection(app.ConnectionString))
        {
            await conn.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            for (var i = 0; i < 4; i++)
            {
                await show.InsertOrderAsync(conn, tx, show.ProductIds[0], 1, 185_000);
            }

            await tx.CommitAsync();
        }

        for (var i = 0; i < 3; i++)
        {
            await show.OrderAsync(show.ProductIds[0], notify: false);
        }

        using var producer = await app.ClientInRoleAsync("Producer", show.ProducerId);
        var url = $"/api/producers/{show.ProducerId}/orders?format=json";
        var all = await producer.GetFromJsonAsync<List<JsonElement>>(url);
        Assert.Equal(7, all!.Count);
        Assert.False((await producer.GetAsync(url)).Headers.Contains("X-Next-Cursor"));

        var pages = new List<List<JsonElement>>();
        string? cursor = null;
        do
        {
            var response = await producer.GetAsync(url + "&limit=4" + (cursor is null ? "" : "&after=" + cursor));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add((await response.Content.ReadFromJsonAsync<List<JsonElement>>())!);
            cursor = response.Headers.TryGetValues("X-Next-Cursor", out var values) ? values.Single() : null;
            if (cursor is not null)
            {
                Assert.Contains($"after={cursor}", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
            }
        }
        while (cursor is not null && pages.Count < 5);

        Assert.Equal([4, 3], pages.Select(p => p.Count));
        var paged = pages.SelectMany(p => p).Select(o => o.GetProperty("number").GetInt64()).ToList();
        Assert.Equal(paged.Count, paged.Distinct().Count());
        Assert.Equal(all.Select(o => o.GetProperty("number").GetInt64()).Reverse(), paged);

        // The CSV export stays complete whatever the paging parameters.
        var csv = await producer.GetStringAsync($"/api/producers/{show.ProducerId}/orders?format=csv&limit=2");
        Assert.Equal(8, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        await ProblemAssertions.AssertProblemAsync(await producer.GetAsync(url + "&limit=501"), HttpStatusCode.BadRequest);
        await ProblemAssertions.AssertProblemAsync(await producer.GetAsync(url + "&limit=0"), HttpStatusCode.BadRequest);
        await ProblemAssertions.AssertProblemAsync(await producer.GetAsync(url + "&after=not-a-cursor"), HttpStatusCode.BadRequest);
    }
}
