using DataUnion.Testing;
using Nethereum.KeyStore;
using Nethereum.Signer;

namespace DataUnion.Cli.Tests;

/// <summary><c>dataunion wallet</c> against real keystore files (cheap scrypt so the tests stay fast).</summary>
public sealed class WalletCommandsTests : IDisposable
{
    private const string HardhatMnemonic = "test test test test test test test test test test test junk";
    private const string HardhatAddress0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private const string HardhatKey0 = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private readonly TempDirectory _directory = new();

    private string DataDirectory => _directory.Combine("node");

    private string Write(string name, string contents)
    {
        var path = _directory.Combine(name);
        File.WriteAllText(path, contents);
        return path;
    }

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.InvokeAsync([.. args, "--data-dir", DataDirectory]);

    [Fact]
    public async Task New_ThenAddress_SameAddress_OwnerOnlyFile_NoKeyPrinted()
    {
        var password = Write("password", "correct horse battery\n");

        var created = await RunAsync("wallet", "new", "--password-file", password, "--scrypt-n", "4096");
        var address = await RunAsync("wallet", "address");

        Assert.Equal(0, created.ExitCode);
        Assert.Matches("^0x[0-9a-fA-F]{40}$", created.Output.Trim());
        Assert.Equal(created.Output.Trim(), address.Output.Trim());
        var keystore = Path.Combine(DataDirectory, "keystore", "operator.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keystore));
        }

        var key = new KeyStoreScryptService().DecryptKeyStoreFromJson("correct horse battery", await File.ReadAllTextAsync(keystore));
        Assert.DoesNotContain(Convert.ToHexString(key), created.Output + created.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(created.Output.Trim(), new EthECKey(key, true).GetPublicAddress());
    }

    [Fact]
    public async Task KeystoreOption_AnyFile_NewImportAddressExport_AndTheOperatorsIsUntouched()
    {
        var password = Write("password", "correct horse battery\n");
        var member = Path.Combine(DataDirectory, "..", "member-" + Guid.NewGuid().ToString("N") + ".json");

        var created = await CliRun.InvokeAsync("wallet", "import", "--keystore", member, "--mnemonic-file", Write("mnemonic", HardhatMnemonic + "\n"), "--password-file", password, "--scrypt-n", "4096");
        var address = await CliRun.InvokeAsync("wallet", "address", "--keystore", member);
        var addressJson = await CliRun.InvokeAsync("wallet", "address", "--keystore", member, "--json");
        var exported = await CliRun.InvokeAsync("wallet", "export-keystore", "--keystore", member, "-o", member + ".copy.json", "--password-file", password);
        var again = await CliRun.InvokeAsync("wallet", "new", "--keystore", member, "--password-file", password, "--scrypt-n", "4096");
        var notJson = await CliRun.InvokeAsync("wallet", "address", "--keystore", Path.Combine(DataDirectory, "member.txt"));

        Assert.Equal(0, created.ExitCode);
        Assert.Equal(HardhatAddress0, created.Output.Trim());
        Assert.Equal(HardhatAddress0, address.Output.Trim());
        Assert.Equal(HardhatAddress0, System.Text.Json.JsonDocument.Parse(addressJson.Output).RootElement.GetProperty("address").GetString());
        Assert.Equal(0, exported.ExitCode);
        Assert.True(File.Exists(member + ".copy.json"));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(DataDirectory, "keystore", "operator.json")));
        Assert.Equal(1, notJson.ExitCode);
        Assert.Contains("must name a .json file", notJson.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_HardhatMnemonicAccount0_IsTheKnownAddress()
    {
        var run = await RunAsync("wallet", "import", "--mnemonic-file", Write("mnemonic", HardhatMnemonic + "\n"),
            "--password-file", Write("password", "a long password"), "--scrypt-n", "4096");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(HardhatAddress0, run.Output.Trim());
    }

    [Fact]
    public async Task Import_PrivateKeyFile_GivesItsAddress_AndNeverOverwrites()
    {
        var password = Write("password", "a long password");
        var first = await RunAsync("wallet", "import", "--private-key-file", Write("key", "0x" + HardhatKey0), "--password-file", password, "--scrypt-n", "4096");
        var second = await RunAsync("wallet", "import", "--private-key-file", Write("other", new string('1', 64)), "--password-file", password, "--scrypt-n", "4096");

        Assert.Equal(HardhatAddress0, first.Output.Trim());
        Assert.DoesNotContain(HardhatKey0, first.Output + first.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("already exists", second.Error, StringComparison.Ordinal);
        Assert.Equal(HardhatAddress0, (await RunAsync("wallet", "address")).Output.Trim());
    }

    [Fact]
    public async Task ExportKeystore_ChecksThePasswordAndWritesAFileOthersCanOpen()
    {
        await RunAsync("wallet", "import", "--private-key-file", Write("key", HardhatKey0), "--password-file", Write("password", "a long password"), "--scrypt-n", "4096");
        var target = _directory.Combine("exported.json");

        var wrong = await RunAsync("wallet", "export-keystore", "-o", target, "--password-file", Write("wrong", "not the password"));
        var right = await RunAsync("wallet", "export-keystore", "-o", target, "--password-file", _directory.Combine("password"));
        var again = await RunAsync("wallet", "export-keystore", "-o", target, "--password-file", _directory.Combine("password"));

        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("wrong password", wrong.Error, StringComparison.Ordinal);
        Assert.Equal(0, right.ExitCode);
        var key = new KeyStoreScryptService().DecryptKeyStoreFromJson("a long password", await File.ReadAllTextAsync(target));
        Assert.Equal(HardhatAddress0, new EthECKey(key, true).GetPublicAddress());
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("key", "0x1234", "64 hex digits")]
    [InlineData("key", "zz74bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80ac09", "64 hex digits")]
    [InlineData("key", "0000000000000000000000000000000000000000000000000000000000000000", "is zero")]
    [InlineData("mnemonic", "test test test", "has 3")]
    [InlineData("mnemonic", "notaword test test test test test test test test test test junk", "word 1 is not in the BIP-39 English word list")]
    [InlineData("mnemonic", "junk test test test test test test test test test test test", "checksum does not match")]
    public async Task Import_BadSecret_SaysWhatIsWrong_AndWritesNothing(string kind, string secret, string expected)
    {
        var run = await RunAsync("wallet", "import", kind == "key" ? "--private-key-file" : "--mnemonic-file", Write("secret", secret),
            "--password-file", Write("password", "a long password"), "--scrypt-n", "4096");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(DataDirectory, "keystore", "operator.json")));
    }

    [Fact]
    public async Task New_ShortPassword_IsRefused()
    {
        var run = await RunAsync("wallet", "new", "--password-file", Write("password", "short"), "--scrypt-n", "4096");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("at least 8 characters", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BothSources_IsAUsageError()
    {
        var run = await RunAsync("wallet", "import", "--private-key-file", "a", "--mnemonic-file", "b");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("exactly one of --private-key-file and --mnemonic-file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Address_NoWallet_SaysHowToCreateOne()
    {
        var run = await RunAsync("wallet", "address");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("dataunion wallet new", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
