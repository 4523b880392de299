using DataUnion.Chain.Wallets;
using DataUnion.Testing;
using Nethereum.Signer;

namespace DataUnion.Chain.Tests.Wallets;

public sealed class OperatorWalletTests : IDisposable
{
    private const int CheapScrypt = 4096;
    private readonly TempDirectory _directory = new();

    private string Keystore => _directory.Combine("keystore");

    [Fact]
    public void Unlock_RightPassword_SignsAsTheWalletsAddress()
    {
        var address = OperatorWallet.Create(Keystore, "a long password", CheapScrypt);

        var account = OperatorWallet.Unlock(Keystore, "a long password", 31337);
        var signature = new EthereumMessageSigner().EncodeUTF8AndSign("hello", new EthECKey(account.PrivateKey));

        Assert.Equal(address, account.Address);
        Assert.Equal(31337, (long)account.ChainId!.Value);
        Assert.Equal(address, new EthereumMessageSigner().EncodeUTF8AndEcRecover("hello", signature));
    }

    [Fact]
    public void Unlock_WrongPassword_SaysSo()
    {
        OperatorWallet.Create(Keystore, "a long password", CheapScrypt);

        var error = Assert.Throws<WalletException>(() => OperatorWallet.Unlock(Keystore, "another password", 1));

        Assert.Equal("wrong password for the keystore", error.Message);
    }

    [Fact]
    public void ReadAddressAndUnlock_DamagedKeystore_SayItIsNotAKeystore()
    {
        Directory.CreateDirectory(Keystore);
        File.WriteAllText(OperatorWallet.PathIn(Keystore), "{ \"not\": \"a keystore\" }");

        Assert.Contains("not a Web3 Secret Storage file", Assert.Throws<WalletException>(() => OperatorWallet.ReadAddress(Keystore)).Message, StringComparison.Ordinal);
        Assert.Contains("damaged", Assert.Throws<WalletException>(() => OperatorWallet.Unlock(Keystore, "a long password", 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WeakScryptN_IsRefused()
    {
        var error = Assert.Throws<WalletException>(() => OperatorWallet.Create(Keystore, "a long password", 1000));

        Assert.Contains("power of two", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(OperatorWallet.PathIn(Keystore)));
    }

    public void Dispose() => _directory.Dispose();
}
