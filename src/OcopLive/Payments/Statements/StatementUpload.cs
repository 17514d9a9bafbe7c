using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Payments.Statements;

/// <summary>An uploaded statement, read whole and checked, for the producer's account.</summary>
public sealed record StatementUpload(Guid ProducerId, string Bin, string Account, string? FileName, List<StatementRow> Rows)
{
    /// <summary>The form field with the statement file.</summary>
    public const string FileField = "file";

    public const string ProducerField = "producerId";

    /// <summary>
    /// The multipart form: <c>file</c> (≤ 5 MB) and <c>producerId</c>; the producer must be the
    /// caller's own (staff: any) and have a bank account; the file must read as CSV or XLSX.
    /// Form problems come before the producer check, so a bad request is a 400 for everyone.
    /// </summary>
    public static async Task<Outcome<StatementUpload>> ReadAsync(IFormFile? file, string? producerField, OcopDbContext db, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var errors = new Errors();
        if (file is null || file.Length == 0)
        {
            errors.Add(FileField, "Chọn tệp sao kê CSV hoặc XLSX (choose a CSV or XLSX statement file).");
        }
        else if (file.Length > StatementFile.MaxBytes)
        {
            return TooLarge();
        }

        if (!Guid.TryParse(producerField, out var producerId))
        {
            errors.Add(ProducerField, "Chọn chủ thể nhận tiền (the producer whose account the statement is).");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (!user.MaySeeProducer(producerId))
        {
            return Refusal.Forbidden("Chỉ được nhập sao kê của chính chủ thể (only your own producer's statements)");
        }

        var producer = await db.Producers.AsNoTracking().Where(p => p.Id == producerId)
            .Select(p => new { p.BankBin, p.BankAccountNumber }).FirstOrDefaultAsync(ct);
        if (producer is null)
        {
            return Refusal.NotFound(Problems.ProducerNotFoundTitle, ProducerField);
        }

        if (producer.BankBin is null || producer.BankAccountNumber is null)
        {
            return Refusal.Conflict("no-bank-account", "Chủ thể chưa khai báo tài khoản ngân hàng (the producer has no bank account)");
        }

        var bytes = new byte[file!.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, ct);
        }

        var (rows, unreadable) = StatementFile.Read(bytes, file.FileName);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var name = Path.GetFileName(file.FileName);
        return new StatementUpload(producerId, producer.BankBin, producer.BankAccountNumber, name is { Length: > 200 } ? name[..200] : name, rows!);
    }

    internal static Refusal TooLarge() => new(StatusCodes.Status413PayloadTooLarge, "too-large",
        "Tệp sao kê quá lớn: tối đa 5 MB; hãy chia theo khoảng ngày (the statement file is over 5 MB)");
}
