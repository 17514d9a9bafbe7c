using Microsoft.Playwright;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.BrowserTests;

/// <summary>
/// Screenshots of the pages: written to artifacts/screenshots/&lt;name&gt;.png; with
/// OCOPLIVE_UPDATE_SCREENSHOTS=1 also copied to docs/screenshots/ for the README's gallery
/// (opt-in, so an ordinary test run leaves the working tree as it was).
/// </summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name, bool transparent = false)
    {
        var root = AppProcess.RepositoryRoot();
        var path = Path.Combine(root, "artifacts", "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, OmitBackground = transparent });
        Assert.True(new FileInfo(path).Length > 1000, $"the screenshot {name}.png is written");

        if (Environment.GetEnvironmentVariable("OCOPLIVE_UPDATE_SCREENSHOTS") != "1")
        {
            return;
        }

        var docs = Path.Combine(root, "docs", "screenshots");
        Directory.CreateDirectory(docs);
        File.Copy(path, Path.Combine(docs, name + ".png"), overwrite: true);
    }
}
