using System.CommandLine;
using System.Globalization;
using DataUnion.Chain.Wallets;
using Nethereum.Signer;

namespace DataUnion.Cli;

/// <summary>
/// The options of a member's own wallet: a keystore file anywhere (<c>--wallet</c>, its password
/// from <c>--password-file</c>, <c>DATAUNION_WALLET_PASSWORD</c> or a prompt), or a BIP-39 mnemonic
/// from <c>DATAUNION_MNEMONIC</c> (account <c>--account-index</c>). Keys are never arguments.
/// </summary>
internal sealed class MemberWallet
{
    /// <summary>Environment variable that may hold the member's mnemonic.</summary>
    public const string MnemonicVariable = "DATAUNION_MNEMONIC";

    public Option<string?> Keystore { get; } = new("--wallet") { Description = $"The member's keystore file (Web3 Secret Storage). Without it, {MnemonicVariable} is used." };

    public Option<string?> PasswordFile { get; } = new("--password-file") { Description = $"File whose first line is the keystore password (else {PasswordInput.Variable}, else a prompt)." };

    public Option<int> AccountIndex { get; } = new("--account-index") { Description = $"With {MnemonicVariable}: the account m/44'/60'/0'/0/N (default 0).", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        command.Options.Add(Keystore);
        command.Options.Add(PasswordFile);
        command.Options.Add(AccountIndex);
    }

    /// <summary>The member's key.</summary>
    /// <exception cref="CliFailureException">No wallet was given, or it does not open.</exception>
    public EthECKey Unlock(ParseResult parse, CliConsole console)
    {
        try
        {
            if (parse.GetValue(Keystore) is { } file)
            {
                return KeystoreFile.Unlock(file, PasswordInput.Read(parse.GetValue(PasswordFile), console, confirm: false));
            }

            if (Environment.GetEnvironmentVariable(MnemonicVariable) is { Length: > 0 } mnemonic)
            {
                return OperatorWallet.KeyFromMnemonic(mnemonic, parse.GetValue(AccountIndex));
            }
        }
        catch (WalletException ex)
        {
            throw new CliFailureException(ex.Message);
        }

        throw new CliFailureException(string.Create(CultureInfo.InvariantCulture, $"no wallet: give --wallet KEYSTORE, or set {MnemonicVariable}"));
    }
}
