using System.Text.Json;
using DataUnion.Chain.Merkle;

namespace DataUnion.Chain.Tests.Merkle;

/// <summary>Reading a dump back, and refusing what does not fit: a leaf of another version, a root that is not the chain's, a malformed file.</summary>
public sealed class StandardMerkleTreeDumpTests
{
    private const long ChainId = 31337;
    private const string Market = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static readonly string[] Accounts = ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "0x90F79bf6EB2c4f870365E785982E1f101E93b906"];

    private static (byte[] Dump, StandardMerkleTree Tree) Dump(long versionId)
    {
        var tree = StandardMerkleTree.Of([.. Accounts.Select((a, i) => StandardMerkleTree.SharesLeaf(ChainId, Market, versionId, a, 100 + i))]);
        var values = Accounts.Select((a, i) => (IReadOnlyList<string>)[ChainId.ToString(), Market, versionId.ToString(), a, (100 + i).ToString()]).ToList();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            StandardMerkleTreeDump.Write(writer, tree, StandardMerkleTreeDump.SharesEncoding, values);
        }

        return (buffer.ToArray(), tree);
    }

    [Fact]
    public void Read_ItsOwnDump_GivesProofsThatReachTheRoot()
    {
        var (bytes, tree) = Dump(4);

        var dump = StandardMerkleTreeDump.Read(bytes);

        for (var i = 0; i < Accounts.Length; i++)
        {
            var (value, treeIndex) = dump.Values[i];
            var leaf = StandardMerkleTree.SharesLeaf(ChainId, Market, 4, value[3], long.Parse(value[4]));
            Assert.Equal(tree.GetProof(i).Select(Convert.ToHexString), dump.ProofFor(treeIndex, leaf, tree.Root).Select(Convert.ToHexString));
        }
    }

    [Fact]
    public void ProofFor_ADumpOfAnotherVersion_IsRefused()
    {
        var (bytes, _) = Dump(4);
        var (_, version5) = Dump(5);
        var dump = StandardMerkleTreeDump.Read(bytes);
        var (value, treeIndex) = dump.Values[0];

        // The co-owner's leaf for version 5 is not in version 4's dump, and version 4's leaf does not reach version 5's root.
        var error = Assert.Throws<FormatException>(() => dump.ProofFor(treeIndex, StandardMerkleTree.SharesLeaf(ChainId, Market, 5, value[3], 100), version5.Root));
        Assert.Contains("is not the leaf of its value", error.Message);
        var wrongRoot = Assert.Throws<FormatException>(() => dump.ProofFor(treeIndex, StandardMerkleTree.SharesLeaf(ChainId, Market, 4, value[3], 100), version5.Root));
        Assert.Contains("does not lead to the root on chain", wrongRoot.Message);
    }

    [Theory]
    [InlineData("{}", "its format is not 'standard-v1'")]
    [InlineData("[1, 2]", "its format is not 'standard-v1'")]
    [InlineData("{\"format\": \"standard-v1\", \"leafEncoding\": [\"uint256\"], \"tree\": [\"0x12\"], \"values\": []}", "tree node 0 is not 0x and 64 hex digits")]
    [InlineData("{\"format\": \"standard-v1\", \"tree\": [], \"values\": []}", "not a StandardMerkleTree dump")]
    [InlineData("not json", "not a StandardMerkleTree dump")]
    public void Read_MalformedDumps_SayWhatIsWrong(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StandardMerkleTreeDump.Read(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, error.Message);
    }
}
