using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Payments.Statements;

/// <summary>
/// The body of <c>PUT /api/payments/statement-layouts/{bin}</c>: the columns, and whose layout it
/// is (<c>producerId</c>: a producer's own by default; staff name one).
/// </summary>
public sealed record SaveLayoutRequest(string? AmountColumn, string? ContentColumn, string? ReferenceColumn, string? DateColumn, Guid? ProducerId);

/// <summary>
/// Remembers how one producer's bank statements are laid out. Per producer: a producer changes
/// its own layout as often as it likes and nobody else's; staff may set any producer's (they
/// name it). A producer's layout is only ever for its own bank (<c>bin</c>).
/// </summary>
public sealed class SaveStatementLayout(OcopDbContext db, TimeProvider clock)
{
    public async Task<Outcome<StatementLayoutView>> HandleAsync(string bin, SaveLayoutRequest body, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new Errors();
        if (bin.Length != BankRules.BinLength || !bin.All(char.IsAsciiDigit))
        {
            errors.Add("bin", "Mã BIN ngân hàng gồm 6 chữ số (the 6-digit NAPAS bank identifier).");
        }

        var amount = Text.Required(errors, "amountColumn", body.AmountColumn, 100);
        var content = Text.Required(errors, "contentColumn", body.ContentColumn, 100);
        var reference = Text.Optional(errors, "referenceColumn", body.ReferenceColumn, 100);
        var date = Text.Optional(errors, "dateColumn", body.DateColumn, 100);
        var chosen = new[] { amount, content, reference, date }.OfType<string>().Select(StatementSheet.Key).ToList();
        if (!errors.Any && chosen.Distinct().Count() != chosen.Count)
        {
            errors.Add("contentColumn", "Mỗi cột chỉ chọn một lần (each column can be chosen once).");
        }

        var staff = user.Passes(Policies.Staff);
        var producerId = staff ? body.ProducerId : body.ProducerId ?? user.ProducerId();
        if (producerId is null)
        {
            errors.Add("producerId", "Chọn chủ thể có bố cục sao kê này (the producer whose statements these are).");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (!user.MaySeeProducer(producerId!.Value))
        {
            return Refusal.Forbidden("Chỉ được chọn cột cho sao kê của chính chủ thể (only your own statements' layout)");
        }

        var producerBin = await db.Producers.AsNoTracking().Where(p => p.Id == producerId).Select(p => new { p.BankBin }).FirstOrDefaultAsync(ct);
        if (producerBin is null)
        {
            return Refusal.NotFound(Problems.ProducerNotFoundTitle, "producerId");
        }

        if (!staff && producerBin.BankBin != bin)
        {
            return Refusal.Forbidden("Chỉ được chọn cột cho ngân hàng của chính chủ thể (only your own bank's layout)");
        }

        var existing = await db.StatementLayouts.FirstOrDefaultAsync(l => l.ProducerId == producerId && l.Bin == bin, ct);
        if (existing is null)
        {
            existing = new StatementLayout { ProducerId = producerId.Value, Bin = bin, AmountColumn = amount!, ContentColumn = content! };
            db.StatementLayouts.Add(existing);
        }

        existing.AmountColumn = amount!;
        existing.ContentColumn = content!;
        existing.ReferenceColumn = reference;
        existing.DateColumn = date;
        existing.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two first mappings of one producer's bank at once: the other was saved; this one is answered as a conflict.
            return Refusal.Conflict("statement-layout-exists", "Bố cục vừa được lưu bởi người khác; hãy tải lại (saved by someone else just now)");
        }

        return StatementLayoutView.Of(existing);
    }
}
