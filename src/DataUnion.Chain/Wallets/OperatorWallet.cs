using System.Text.Json;
using DataUnion.Storage;
using Nethereum.Accounts.Bip32;
using Nethereum.KeyStore;
using Nethereum.KeyStore.Crypto;
using Nethereum.KeyStore.Model;
using Nethereum.Signer;
using Nethereum.Web3.Accounts;

namespace DataUnion.Chain.Wallets;

/// <summary>
/// A key kept as an encrypted Web3 Secret Storage file (scrypt): the node operator's at
/// <c>&lt;data&gt;/keystore/operator.json</c>, or a member's anywhere. Every method takes a keystore
/// location: a directory (its <c>operator.json</c>), or the path of a <c>.json</c> keystore file.
/// The private key exists in memory only while an account is unlocked; it is never written in
/// plain text, logged or printed.
/// </summary>
public static class OperatorWallet
{
    /// <summary>The keystore file's name inside the keystore directory.</summary>
    public const string FileName = "operator.json";

    /// <summary>scrypt N of new keystores: the Web3 Secret Storage default (about a second and 256 MiB).</summary>
    public const int DefaultScryptN = 262_144;

    /// <summary>Shortest password accepted for a new keystore.</summary>
    public const int MinimumPasswordLength = 8;

    /// <summary>The keystore file of a location: a <c>.json</c> path as it is, else the directory's <c>operator.json</c>.</summary>
    public static string PathIn(string keystoreDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keystoreDirectory);
        return keystoreDirectory.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !Directory.Exists(keystoreDirectory)
            ? keystoreDirectory
            : Path.Combine(keystoreDirectory, FileName);
    }

    /// <summary>Creates a wallet with a new random key; returns its address.</summary>
    public static string Create(string keystoreDirectory, string password, int scryptN = DefaultScryptN) =>
        Store(keystoreDirectory, EthECKey.GenerateKey(), password, scryptN);

    /// <summary>Imports a hex private key (with or without 0x); returns its address.</summary>
    public static string ImportPrivateKey(string keystoreDirectory, string privateKeyHex, string password, int scryptN = DefaultScryptN)
    {
        ArgumentNullException.ThrowIfNull(privateKeyHex);
        var hex = privateKeyHex.Trim();
        hex = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
        {
            throw new WalletException("the private key must be 32 bytes written as 64 hex digits (0x optional)");
        }

        var bytes = Convert.FromHexString(hex);
        if (bytes.All(b => b == 0))
        {
            throw new WalletException("the private key is zero, which is not a valid key");
        }

        return Store(keystoreDirectory, new EthECKey(bytes, true), password, scryptN);
    }

    /// <summary>
    /// Imports the key at m/44'/60'/0'/0/<paramref name="index"/> of a BIP-39 mnemonic (the
    /// path MetaMask and Hardhat use); returns its address.
    /// </summary>
    public static string ImportMnemonic(string keystoreDirectory, string mnemonic, int index, string password, int scryptN = DefaultScryptN)
    {
        return Store(keystoreDirectory, KeyFromMnemonic(mnemonic, index), password, scryptN);
    }

    /// <summary>The key at m/44'/60'/0'/0/<paramref name="index"/> of a BIP-39 mnemonic (word list and checksum checked).</summary>
    public static EthECKey KeyFromMnemonic(string mnemonic, int index)
    {
        ArgumentNullException.ThrowIfNull(mnemonic);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var words = mnemonic.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (MnemonicCheck.Problem(words) is { } problem)
        {
            throw new WalletException($"the mnemonic is not valid BIP-39: {problem}");
        }

        try
        {
            return new MinimalHDWallet(string.Join(' ', words), null).GetEthereumKey(index);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new WalletException($"the mnemonic is not valid BIP-39: {ex.Message}", ex);
        }
    }

    /// <summary>The wallet's address, read from the keystore without the password.</summary>
    public static string ReadAddress(string keystoreDirectory)
    {
        var json = ReadKeystore(keystoreDirectory);
        try
        {
            using var document = JsonDocument.Parse(json);
            var address = document.RootElement.GetProperty("address").GetString() ?? string.Empty;
            address = address.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? address[2..] : address;
            if (address.Length != 40 || !address.All(Uri.IsHexDigit))
            {
                throw new WalletException($"the keystore '{PathIn(keystoreDirectory)}' has no valid address field");
            }

            return Nethereum.Util.AddressUtil.Current.ConvertToChecksumAddress("0x" + address);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new WalletException($"the keystore '{PathIn(keystoreDirectory)}' is not a Web3 Secret Storage file: {ex.Message}", ex);
        }
    }

    /// <summary>Decrypts the wallet into an account that signs for <paramref name="chainId"/>.</summary>
    public static Account Unlock(string keystoreDirectory, string password, long chainId)
    {
        var json = ReadKeystore(keystoreDirectory);
        var key = Decrypt(json, password ?? throw new ArgumentNullException(nameof(password)));
        return new Account(key, chainId);
    }

    /// <summary>
    /// Copies the (still encrypted) keystore to <paramref name="destination"/> after checking that
    /// <paramref name="password"/> opens it, so nobody exports a file they cannot use.
    /// </summary>
    public static string Export(string keystoreDirectory, string destination, string password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        var json = ReadKeystore(keystoreDirectory);
        var key = new EthECKey(Decrypt(json, password), true);
        if (File.Exists(destination))
        {
            throw new WalletException($"'{destination}' already exists; choose another file");
        }

        SecretFile.Write(destination, json);
        return key.GetPublicAddress();
    }

    private static byte[] Decrypt(string json, string password)
    {
        try
        {
            return new KeyStoreScryptService().DecryptKeyStoreFromJson(password, json);
        }
        catch (DecryptionException ex)
        {
            throw new WalletException("wrong password for the keystore", ex);
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or InvalidKdfException or ArgumentException or FormatException or NullReferenceException)
        {
            throw new WalletException($"the keystore is damaged or not a scrypt Web3 Secret Storage file: {ex.Message}", ex);
        }
    }

    private static string Store(string keystoreDirectory, EthECKey key, string password, int scryptN)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keystoreDirectory);
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinimumPasswordLength)
        {
            throw new WalletException($"the keystore password must be at least {MinimumPasswordLength} characters");
        }

        if (scryptN < 1024 || (scryptN & (scryptN - 1)) != 0)
        {
            throw new WalletException($"scrypt N must be a power of two of at least 1024, got {scryptN}");
        }

        var path = PathIn(keystoreDirectory);
        if (File.Exists(path))
        {
            throw new WalletException($"a wallet already exists at '{path}'; move it away first (an operator key is never overwritten)");
        }

        var address = key.GetPublicAddress();
        var json = new KeyStoreScryptService().EncryptAndGenerateKeyStoreAsJson(
            password, key.GetPrivateKeyAsBytes(), address, new ScryptParams { N = scryptN, R = 8, P = 1, Dklen = 32 });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        SecretFile.Write(path, json);
        return address;
    }

    private static string ReadKeystore(string keystoreDirectory)
    {
        var path = PathIn(keystoreDirectory);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new WalletException($"no wallet at '{path}'; create one with 'dataunion wallet new' or 'dataunion wallet import'", ex);
        }
    }
}
