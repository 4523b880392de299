using Nethereum.KeyStore;
using Nethereum.KeyStore.Crypto;
using Nethereum.KeyStore.Model;
using Nethereum.Signer;

namespace DataUnion.Chain.Wallets;

/// <summary>
/// A member's own Web3 Secret Storage keystore, wherever it is (MetaMask, ethers, geth and
/// <c>dataunion wallet export-keystore</c> write them; scrypt or PBKDF2).
/// </summary>
public static class KeystoreFile
{
    /// <summary>Decrypts the keystore at <paramref name="path"/>.</summary>
    /// <exception cref="WalletException">The file is missing or not a keystore, or the password is wrong.</exception>
    public static EthECKey Unlock(string path, string password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(password);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new WalletException($"cannot read the keystore '{path}': {ex.Message}", ex);
        }

        try
        {
            return new EthECKey(new KeyStoreService().DecryptKeyStoreFromJson(password, json), true);
        }
        catch (DecryptionException ex)
        {
            throw new WalletException($"wrong password for the keystore '{path}'", ex);
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or InvalidKdfException or ArgumentException or FormatException or NullReferenceException or InvalidOperationException)
        {
            throw new WalletException($"'{path}' is not a Web3 Secret Storage keystore: {ex.Message}", ex);
        }
    }
}
