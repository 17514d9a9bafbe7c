using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Data;
using OcopLive.Payments;

namespace OcopLive.Pages.Payments;

/// <summary>
/// Payments review: the transfers the matcher could not settle (staff resolve them; a producer
/// sees its own), and the import of a bank statement for a producer's account. The page is a shell;
/// wwwroot/js/payments-review.js reads and writes through the payments API.
/// </summary>
[Authorize(Policy = Policies.ProducerPortal)]
public sealed class IndexModel(OcopDbContext db) : PageModel
{
    /// <summary>A producer whose account a statement can be imported into.</summary>
    public sealed record AccountChoice(Guid ProducerId, string Name, string Bin, string? BankName, string AccountNumber);

    /// <summary>Staff: every producer with a bank account; a Producer: its own (none without an account).</summary>
    public List<AccountChoice> Accounts { get; private set; } = [];

    public bool CanResolve { get; private set; }

    /// <summary>Producers whose carriers' COD settlements can be imported: staff every producer, a Producer its own.</summary>
    public List<Delivery.CodMoney.CodProducerChoice> CodProducers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanResolve = User.Passes(Policies.Staff);
        var producers = db.Producers.AsNoTracking().Where(p => p.BankBin != null && p.BankAccountNumber != null);
        if (!CanResolve)
        {
            var own = User.ProducerId();
            producers = producers.Where(p => p.Id == own);
        }

        var rows = await producers.OrderBy(p => p.Name).Select(p => new { p.Id, p.Name, p.BankBin, p.BankAccountNumber }).Take(1000).ToListAsync(ct);
        var codProducers = db.Producers.AsNoTracking();
        if (!CanResolve)
        {
            var own = User.ProducerId();
            codProducers = codProducers.Where(p => p.Id == own);
        }

        CodProducers = await codProducers.OrderBy(p => p.Name).Select(p => new Delivery.CodMoney.CodProducerChoice(p.Id, p.Name)).Take(1000).ToListAsync(ct);
        Accounts = [.. rows.Select(p => new AccountChoice(p.Id, p.Name, p.BankBin!, Banks.Find(p.BankBin)?.ShortName, p.BankAccountNumber!))];
    }
}
