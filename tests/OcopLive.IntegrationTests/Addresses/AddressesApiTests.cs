using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Addresses;

public class AddressesApiTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task Provinces_Are34WithCodesAndOfficialNames_AnonymousAndCacheable()
    {
        using var anonymous = app.CreateClient();
        var response = await anonymous.GetAsync("/api/addresses/provinces");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var provinces = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(34, provinces.GetArrayLength());
        Assert.Contains(provinces.EnumerateArray(), p => p.GetProperty("code").GetString() == "42" && p.GetProperty("name").GetString() == "Tỉnh Hà Tĩnh");
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("public", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/addresses/provinces");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    public async Task TheWholeMap_TravelsCompressed_AsTheSameJson_WithItsOwnETag(string acceptEncoding, string expected)
    {
        // No automatic decompression: the test reads the bytes as they travel.
        using var raw = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = app.BaseAddress };
        var plain = await raw.GetAsync("/api/addresses/map");
        var plainBytes = await plain.Content.ReadAsByteArrayAsync();
        Assert.Empty(plain.Content.Headers.ContentEncoding);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/addresses/map");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var packed = await raw.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, packed.StatusCode);
        Assert.Equal(expected, Assert.Single(packed.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", packed.Headers.Vary);
        var packedBytes = await packed.Content.ReadAsByteArrayAsync();
        Assert.True(packedBytes.Length * 3 < plainBytes.Length, $"{packedBytes.Length} B compressed of {plainBytes.Length} B");
        using (var unpacked = new MemoryStream())
        {
            await using (Stream inflater = expected == "br"
                             ? new System.IO.Compression.BrotliStream(new MemoryStream(packedBytes), System.IO.Compression.CompressionMode.Decompress)
                             : new System.IO.Compression.GZipStream(new MemoryStream(packedBytes), System.IO.Compression.CompressionMode.Decompress))
            {
                await inflater.CopyToAsync(unpacked);
            }

            Assert.Equal(plainBytes, unpacked.ToArray());
        }

        // Each representation revalidates with its own tag.
        Assert.NotEqual(plain.Headers.ETag, packed.Headers.ETag);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/addresses/map");
        again.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        again.Headers.IfNoneMatch.Add(packed.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await raw.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Communes_OfHaTinhAre69_AndAnUnknownProvinceIs404()
    {
        using var anonymous = app.CreateClient();
        var response = await anonymous.GetAsync("/api/addresses/provinces/42/communes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var communes = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(69, communes.GetArrayLength());
        Assert.Contains(communes.EnumerateArray(), c => c.GetProperty("code").GetString() == "18073" && c.GetProperty("name").GetString() == "Phường Thành Sen");

        await ProblemAssertions.AssertProblemAsync(await anonymous.GetAsync("/api/addresses/provinces/99/communes"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Search_FindsThanhSenWithoutAccents()
    {
        using var anonymous = app.CreateClient();
        var found = await anonymous.GetFromJsonAsync<JsonElement>("/api/addresses/communes?q=thanh%20sen");
        var first = found.GetProperty("communes")[0];
        Assert.Equal("Phường Thành Sen", first.GetProperty("name").GetString());
        Assert.Equal("Tỉnh Hà Tĩnh", first.GetProperty("provinceName").GetString());

        var bad = await ProblemAssertions.AssertProblemAsync(await anonymous.GetAsync("/api/addresses/communes?q="), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("q", out _));
    }

    [Fact]
    public async Task Convert_AWholeOldCommuneGivesOneCandidate_ASplitOneSeveral_AnUnknownOne404()
    {
        using var anonymous = app.CreateClient();
        var whole = await anonymous.GetFromJsonAsync<JsonElement>(
            "/api/addresses/convert?province=" + Uri.EscapeDataString("Hà Tĩnh") + "&district=" + Uri.EscapeDataString("Thành phố Hà Tĩnh") + "&commune=" + Uri.EscapeDataString("Phường Nam Hà"));
        var only = Assert.Single(whole.GetProperty("candidates").EnumerateArray());
        Assert.Equal("18073", only.GetProperty("communeCode").GetString());
        Assert.Equal("42", only.GetProperty("provinceCode").GetString());
        Assert.Equal("Tỉnh Hà Tĩnh", only.GetProperty("provinceName").GetString());
        Assert.Equal("Phường Thành Sen", only.GetProperty("communeName").GetString());
        Assert.True(only.GetProperty("whole").GetBoolean());

        var split = await anonymous.GetFromJsonAsync<JsonElement>("/api/addresses/convert?province=ha%20tinh&district=tp%20ha%20tinh&commune=dai%20nai");
        var names = split.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("communeName").GetString()!).ToArray();
        Assert.Equal(["Phường Hà Huy Tập", "Phường Thành Sen"], names);
        Assert.All(split.GetProperty("candidates").EnumerateArray(), c => Assert.False(c.GetProperty("whole").GetBoolean()));

        await ProblemAssertions.AssertProblemAsync(await anonymous.GetAsync("/api/addresses/convert?province=Atlantis&district=X&commune=Y"), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await anonymous.GetAsync("/api/addresses/convert"), HttpStatusCode.BadRequest);
    }
}
