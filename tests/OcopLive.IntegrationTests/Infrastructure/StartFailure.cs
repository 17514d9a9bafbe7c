namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>A setting the app validates at start: a bad value stops the start, and the error names the setting.</summary>
public static class StartFailure
{
    /// <summary>Starts <paramref name="app"/>, expects the start to fail naming <paramref name="setting"/>, then drops its database.</summary>
    public static async Task AssertNamesAsync(OcopApp app, string setting)
    {
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(app.InitializeAsync);
            Assert.Contains(setting, failure.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await TestDatabase.DropAsync(app.ConnectionString);
        }
    }
}
