using System.Text;
using OcopLive.Common;

namespace OcopLive.Tests.Common;

public class JsonBodyCheckTests
{
    private static Refusal? Check(string json) => JsonBody.Check(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("""{"name":"Mật ong rừng Hương Khê","customer":{"name":"Nguyễn Thị Hoa"},"tags":["a","b"]}""")]
    [InlineData("""{"emoji":"\ud83c\udf4a","tab":"a b","escaped":"\u00ea"}""")]
    [InlineData("""[{"a":1},{"a":2}]""")]
    [InlineData("""{"a":""")] // malformed: left to the binder, which names the field
    public void Check_Passes_CleanOrMalformedBodies(string json) => Assert.Null(Check(json));

    [Theory]
    [InlineData("""{"userName":"a\u0000b"}""", "userName")]
    [InlineData("""{"customer":{"name":"x\u001b[31m"}}""", "customer.name")]
    [InlineData("""{"title":"\ud800"}""", "title")]
    [InlineData("""{"stock":1,"stock":2}""", "stock")]
    [InlineData("""{"address":{"street":"a","street":"b"}}""", "address.street")]
    [InlineData("""{"segments":[{"productId":"x","productId":"y"}]}""", "segments.productId")]
    public void Check_Refuses_ControlCharactersSurrogatesAndRepeatedKeys_NamingTheField(string json, string field)
    {
        var refusal = Check(json);
        Assert.NotNull(refusal);
        Assert.Equal(400, refusal.Status);
        Assert.True(refusal.Errors!.ContainsKey(field), string.Join(", ", refusal.Errors!.Keys));
    }

    [Fact]
    public void Check_Refuses_ARawC1Control_AndInvalidUtf8()
    {
        Assert.NotNull(Check("{\"name\":\"a\u0085b\"}"));
        Assert.NotNull(JsonBody.Check([.. "{\"name\":\""u8, 0xFF, 0xFE, .. "\"}"u8]));
    }
}
