using System.CommandLine;
using DataUnion.Chain.Wallets;

namespace DataUnion.Cli.Commands;

/// <summary>
/// <c>dataunion wallet new|import|address|export-keystore</c>: the operator key in the data
/// directory's encrypted keystore, or any member's keystore file with <c>--keystore</c>. Works without a running node. Keys are read from files (or
/// standard input), never from arguments, which end up in shell history and process lists, and
/// are never printed.
/// </summary>
internal static class WalletCommands
{
    /// <summary>Environment variable holding the keystore password (for services; prefer a file).</summary>
    public const string PasswordVariable = "DATAUNION_WALLET_PASSWORD";

    public static Command Create(CliConsole console)
    {
        var dataDirectory = new Option<string?>("--data-dir")
        {
            Description = CliDataDirectory.Description + " Its keystore/ holds the wallet.",
            Recursive = true,
        };
        var keystoreFile = new Option<string?>("--keystore")
        {
            Description = "A keystore file (.json) anywhere, e.g. a member's, instead of the operator's in the data directory.",
            Recursive = true,
        };
        var passwordFile = new Option<string?>("--password-file")
        {
            Description = $"File whose first line is the keystore password (else {PasswordVariable}, else a prompt).",
            Recursive = true,
        };
        var scryptN = new Option<int>("--scrypt-n")
        {
            Description = $"scrypt work factor of a new keystore (default {OperatorWallet.DefaultScryptN}; lower only for tests).",
            DefaultValueFactory = _ => OperatorWallet.DefaultScryptN,
        };

        var create = new Command("new", "Create a wallet with a new random key and print its address.") { scryptN };
        create.SetAction((parse, _) => RunAsync(console, async () =>
        {
            var password = ReadPassword(parse.GetValue(passwordFile), console, confirm: true);
            var address = OperatorWallet.Create(Keystore(parse), password, parse.GetValue(scryptN));
            await console.Out.WriteLineAsync(address).ConfigureAwait(false);
            return 0;
        }));

        var keyFile = new Option<string?>("--private-key-file") { Description = "File (or - for standard input) holding the hex private key." };
        var mnemonicFile = new Option<string?>("--mnemonic-file") { Description = "File (or - for standard input) holding a BIP-39 mnemonic." };
        var index = new Option<int>("--index") { Description = "Account index under m/44'/60'/0'/0 for --mnemonic-file (default 0)." };
        var import = new Command("import", "Import a private key or a mnemonic's account into the keystore and print its address.") { keyFile, mnemonicFile, index, scryptN };
        import.Validators.Add(result =>
        {
            if ((result.GetValue(keyFile) is null) == (result.GetValue(mnemonicFile) is null))
            {
                result.AddError("give exactly one of --private-key-file and --mnemonic-file");
            }
        });
        import.SetAction((parse, _) => RunAsync(console, async () =>
        {
            var keystore = Keystore(parse);
            var secret = ReadSecret(parse.GetValue(keyFile) ?? parse.GetValue(mnemonicFile)!);
            var password = ReadPassword(parse.GetValue(passwordFile), console, confirm: true);
            var address = parse.GetValue(keyFile) is not null
                ? OperatorWallet.ImportPrivateKey(keystore, secret, password, parse.GetValue(scryptN))
                : OperatorWallet.ImportMnemonic(keystore, secret, parse.GetValue(index), password, parse.GetValue(scryptN));
            await console.Out.WriteLineAsync(address).ConfigureAwait(false);
            return 0;
        }));

        var json = new Option<bool>("--json") { Description = "Print {\"address\": …} as JSON." };
        var address = new Command("address", "Print the wallet's address (no password needed).") { json };
        address.SetAction((parse, _) => RunAsync(console, async () =>
        {
            var wallet = OperatorWallet.ReadAddress(Keystore(parse));
            await console.Out.WriteLineAsync(parse.GetValue(json) ? System.Text.Json.JsonSerializer.Serialize(new { address = wallet }) : wallet).ConfigureAwait(false);
            return 0;
        }));

        var output = new Option<string>("--output", "-o") { Description = "File to write the encrypted keystore to.", Required = true };
        var export = new Command("export-keystore", "Copy the encrypted keystore (Web3 Secret Storage, usable by MetaMask, ethers, geth) after checking its password.") { output };
        export.SetAction((parse, _) => RunAsync(console, async () =>
        {
            var password = ReadPassword(parse.GetValue(passwordFile), console, confirm: false);
            var exported = OperatorWallet.Export(Keystore(parse), parse.GetValue(output)!, password);
            await console.Out.WriteLineAsync($"exported the keystore of {exported} to {parse.GetValue(output)}").ConfigureAwait(false);
            return 0;
        }));

        return new Command("wallet", "Manage a key in an encrypted keystore: the node operator's (in the data directory), or any member's with --keystore FILE.\nExample: dataunion wallet new --keystore ~/me.json")
        {
            dataDirectory, keystoreFile, passwordFile, create, import, address, export,
        };

        string Keystore(ParseResult parse)
        {
            if (parse.GetValue(keystoreFile) is { } file)
            {
                return file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? file : throw new CliFailureException($"--keystore '{file}' must name a .json file");
            }

            return Path.Combine(CliDataDirectory.Resolve(parse.GetValue(dataDirectory)), "keystore");
        }
    }

    private static string ReadSecret(string source)
    {
        var text = source == "-" ? Console.In.ReadToEnd() : File.ReadAllText(source);
        return string.IsNullOrWhiteSpace(text) ? throw new CliFailureException($"'{source}' is empty") : text.Trim();
    }

    private static string ReadPassword(string? file, CliConsole console, bool confirm) => PasswordInput.Read(file, console, confirm);

    private static async Task<int> RunAsync(CliConsole console, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WalletException or CliFailureException or IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"dataunion: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
