using System.Net;
using System.Text.Json;

namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>Assertions on the app's refusals: RFC 9457 problem details (<c>application/problem+json</c>).</summary>
public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 answer with the given status; returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement.Clone();
        Assert.Equal((int)status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
        return root;
    }
}
