using Nethereum.Signer;
using Nethereum.Web3.Accounts;

namespace DataUnion.Chain.Wallets;

/// <summary>Where the node's operator key came from.</summary>
public enum OperatorKeySource
{
    /// <summary>No wallet: on-chain actions are disabled.</summary>
    None,

    /// <summary>The encrypted keystore in the data directory.</summary>
    Keystore,

    /// <summary>The plaintext development key of <see cref="OperatorKey.DevelopmentKeyVariable"/> (local chain only).</summary>
    DevelopmentKey,
}

/// <summary>
/// The node operator's unlocked key, loaded once at start. The key object never leaves this class
/// except as a signing <see cref="Account"/>; <see cref="ToString"/> shows only the address.
/// </summary>
public sealed class OperatorKey
{
    /// <summary>Environment variable with a plaintext private key, accepted for the local development chain only.</summary>
    public const string DevelopmentKeyVariable = "DATAUNION_DEV_PRIVATE_KEY";

    /// <summary>Environment variable with the keystore password (a file through <c>Wallet:PasswordFile</c> is preferred).</summary>
    public const string PasswordVariable = "DATAUNION_WALLET_PASSWORD";

    private readonly EthECKey? _key;

    private OperatorKey(EthECKey? key, OperatorKeySource source)
    {
        _key = key;
        Source = source;
        Address = key?.GetPublicAddress();
    }

    /// <summary>The operator's checksummed address, or null without a wallet.</summary>
    public string? Address { get; }

    /// <summary>Where the key came from.</summary>
    public OperatorKeySource Source { get; }

    /// <summary>
    /// Loads the operator key: the development key when <see cref="DevelopmentKeyVariable"/> is set
    /// (refused unless the node runs its own local chain), else the keystore in
    /// <paramref name="keystoreDirectory"/> when there is one (its password from
    /// <paramref name="passwordFile"/> or <see cref="PasswordVariable"/>), else none.
    /// </summary>
    /// <exception cref="WalletException">The key cannot be loaded; the message says why and how to fix it.</exception>
    public static OperatorKey Load(string keystoreDirectory, string? passwordFile, bool localChain, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(DevelopmentKeyVariable) is { Length: > 0 } developmentKey)
        {
            if (!localChain)
            {
                throw new WalletException($"{DevelopmentKeyVariable} is accepted only with the local development chain (Chain:RpcUrl empty); use an encrypted keystore ('dataunion wallet import') for any other chain");
            }

            var hex = developmentKey.Trim();
            hex = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
            if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
            {
                throw new WalletException($"{DevelopmentKeyVariable} must be 32 bytes as 64 hex digits");
            }

            return new OperatorKey(new EthECKey(Convert.FromHexString(hex), true), OperatorKeySource.DevelopmentKey);
        }

        if (!File.Exists(OperatorWallet.PathIn(keystoreDirectory)))
        {
            return new OperatorKey(null, OperatorKeySource.None);
        }

        string password;
        if (passwordFile is { Length: > 0 })
        {
            try
            {
                using var reader = new StreamReader(passwordFile);
                password = reader.ReadLine() ?? string.Empty;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new WalletException($"Wallet:PasswordFile '{passwordFile}' cannot be read: {ex.Message}", ex);
            }
        }
        else
        {
            password = environment(PasswordVariable)
                ?? throw new WalletException($"the operator keystore '{OperatorWallet.PathIn(keystoreDirectory)}' needs its password: set Wallet:PasswordFile or {PasswordVariable}");
        }

        var account = OperatorWallet.Unlock(keystoreDirectory, password, chainId: 1);
        return new OperatorKey(new EthECKey(account.PrivateKey), OperatorKeySource.Keystore);
    }

    /// <summary>A signing account for <paramref name="chainId"/>, or null without a wallet.</summary>
    public Account? AccountFor(long chainId) => _key is null ? null : new Account(_key, chainId);

    /// <inheritdoc />
    public override string ToString() => Address is null ? "no operator wallet" : $"{Address} ({Source})";
}
