using Microsoft.Playwright;

namespace OcopLive.BrowserTests.Pages;

/// <summary>/payments: open review items, their resolution, and the bank statement import.</summary>
public sealed class PaymentsReviewPage(IPage page)
{
    public IPage Page => page;
    public ILocator ReviewRows => page.GetByTestId("review-row");
    public ILocator Account => page.GetByTestId("statement-account");
    public ILocator File => page.GetByTestId("statement-file");
    public ILocator Upload => page.GetByTestId("statement-upload");
    public ILocator Mapping => page.GetByTestId("statement-mapping");
    public ILocator MapAmount => page.GetByTestId("map-amount");
    public ILocator MapContent => page.GetByTestId("map-content");
    public ILocator MapReference => page.GetByTestId("map-reference");
    public ILocator MapDate => page.GetByTestId("map-date");
    public ILocator SaveMapping => page.GetByTestId("statement-save-mapping");
    public ILocator Result => page.GetByTestId("statement-result");
    public ILocator Message => page.GetByTestId("statement-message");

    /// <summary>The count row of an outcome (<c>Paid</c>, <c>Partial</c>, …, <c>Debits</c>) in the import's result.</summary>
    public ILocator Count(string key) => page.GetByTestId("statement-count-" + key);

    /// <summary>The open review item showing this content.</summary>
    public ILocator ReviewRow(string content) => ReviewRows.Filter(new() { Has = page.GetByTestId("review-content").GetByText(content, new() { Exact = true }) });

    public async Task ChooseStatementAsync(Guid producerId, string fileName, byte[] bytes)
    {
        await Account.SelectOptionAsync(producerId.ToString());
        await File.SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "text/csv", Buffer = bytes });
        await Upload.ClickAsync();
    }
}
