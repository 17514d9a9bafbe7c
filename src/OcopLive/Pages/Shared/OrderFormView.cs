using OcopLive.Sessions;

namespace OcopLive.Pages.Shared;

/// <summary>Who fills the order form: the operator at the hotline desk, or a viewer on a phone.</summary>
public enum OrderFormDesk
{
    Hotline,
    Viewer,
}

/// <summary>
/// What <c>_OrderForm.cshtml</c> needs: the desk (it names the data-testids, <c>hotline-…</c> or
/// <c>viewer-…</c>), the line-up's products and the one on air. Both pages post the same body through
/// <c>orderform.js</c>; the desks differ only where their users do: the operator types a province and
/// picks any product of the line-up, the viewer chooses a province from a list and a product from the
/// page's list below the form.
/// </summary>
public sealed record OrderFormView(OrderFormDesk Desk, IReadOnlyList<RundownRow> Rows, RundownRow? OnAir, bool Hidden = false)
{
    public bool ForHotline => Desk == OrderFormDesk.Hotline;

    /// <summary>The prefix of the form's data-testids and element ids.</summary>
    public string Prefix => ForHotline ? "hotline" : "viewer";

    public string TestId(string part) => Prefix + "-" + part;

    public string FormTestId => ForHotline ? "hotline-form" : "viewer-order-form";

    public IEnumerable<RundownRow> Products => Rows.DistinctBy(r => r.ProductId);
}
