using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Security;

/// <summary>The exception handler's own log lines, and the app's refusals.</summary>
public sealed class RefusalLogApp : OcopApp
{
    public LogCapture Errors { get; } = new("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware");

    public LogCapture Refusals { get; } = new(OcopLive.Common.ApiSetup.RefusalsCategory);

    /// <summary>EF Core's line about a failed save ("An exception occurred in the database while saving changes").</summary>
    public LogCapture EfSaves { get; } = new("Microsoft.EntityFrameworkCore.Update");

    /// <summary>EF Core's line about a failed statement ("Failed executing DbCommand").</summary>
    public LogCapture EfCommands { get; } = new("Microsoft.EntityFrameworkCore.Database.Command");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Errors).AddProvider(Refusals).AddProvider(EfSaves).AddProvider(EfCommands));
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

    [Fact]
    public async Task AUniqueNameConflict_Is409_AndNotLoggedAsAnError()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var director = await app.ClientInRoleAsync("Director");
        var body = new { platform = "YouTube", streamId = "chat-" + Guid.NewGuid().ToString("N")[..8] };
        Assert.Equal(HttpStatusCode.Created, (await director.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comment-sources", body)).StatusCode);

        // No check before the insert: the unique index refuses it, and the handler answers 409.
        var again = await director.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comment-sources", body);

        await ProblemAssertions.AssertProblemAsync(again, HttpStatusCode.Conflict);
        Assert.DoesNotContain(app.EfSaves.Lines.Concat(app.EfCommands.Lines).Concat(app.Errors.Lines),
            l => l.StartsWith("Error:", StringComparison.Ordinal) || l.StartsWith("Critical:", StringComparison.Ordinal));
    }
}
