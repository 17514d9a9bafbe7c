using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Security;

/// <summary>The exception handler's own log lines, and the app's refusals.</summary>
public sealed class RefusalLogApp : OcopApp
{
    public LogCapture Errors { get; } = new("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware");

    public LogCapture Refusals { get; } = new(OcopLive.Common.ApiSetup.RefusalsCategory);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Errors).AddProvider(Refusals));
    }
}

/// <summary>Issue 23 (8): a request refused correctly (a body over 64 KB) is logged as information, not as an unhandled error.</summary>
public class RefusalLogTests(RefusalLogApp app) : IClassFixture<RefusalLogApp>
{
    [Fact]
    public async Task ABodyTooLarge_Is413_AndLoggedAsARefusal_NotAnError()
    {
        // An anonymous upload keeps the API's 64 KB: the form reader refuses it (a framework exception).
        using var client = app.CreateClient();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(new byte[200_000]), "file", "x.csv" },
            { new StringContent(Guid.NewGuid().ToString()), "producerId" },
        };

        using var response = await client.PostAsync("/api/payments/statements/preview", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.DoesNotContain(app.Errors.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal));
        Assert.Contains(app.Refusals.Lines, l => l.StartsWith("Information: Refused POST ", StringComparison.Ordinal));
    }
}
