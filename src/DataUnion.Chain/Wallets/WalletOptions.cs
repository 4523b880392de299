namespace DataUnion.Chain.Wallets;

/// <summary>Settings of the <c>Wallet</c> configuration section.</summary>
public sealed class WalletOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Wallet";

    /// <summary>File whose first line is the password of the data directory's operator keystore.</summary>
    public string? PasswordFile { get; set; }
}
