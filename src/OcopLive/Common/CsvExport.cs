using CsvHelper;

namespace OcopLive.Common;

/// <summary>
/// The one CSV writer setup for every export (the producer's orders, the post-session report):
/// CsvHelper with its CSV-injection protection on, so text a customer typed (a name, a street)
/// never reaches a spreadsheet as a formula. The writer escapes fields starting with <c>= @ -</c>,
/// tab or CR with a leading <c>'</c>. A leading <c>+</c> is left to <see cref="Text"/>: the phone
/// column is ours (<c>+84…</c>, validated digits) and must stay as the contract writes it, so
/// customers' text goes through <see cref="Text"/> and phone numbers do not.
/// </summary>
public static class CsvExport
{
    private const string FormulaStarts = "=@-\t\r";

    public static CsvWriterOptions Options(bool byteOrderMark) => new()
    {
        WriteByteOrderMark = byteOrderMark,
        Injection = CsvInjection.Escape,
        InjectionCharacters = FormulaStarts,
    };

    /// <summary>Text typed by people (customers, producers): a leading <c>+</c> is escaped too.</summary>
    public static string Text(string? value) => value is ['+', ..] ? "'" + value : value ?? "";
}
