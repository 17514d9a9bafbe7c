namespace OcopLive.Payments;

/// <summary>
/// A producer's bank account for VietQR transfers (owned by <see cref="Catalog.Producer"/>, stored
/// in its row). <see cref="Bin"/> is the 6-digit NAPAS bank identifier.
/// </summary>
public sealed record BankAccount(string Bin, string AccountNumber, string AccountName);
