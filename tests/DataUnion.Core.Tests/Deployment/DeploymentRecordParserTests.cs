using System.Text.Json.Nodes;
using DataUnion.Core.Deployment;

namespace DataUnion.Core.Tests.Deployment;

public class DeploymentRecordParserTests
{
    private const string Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private const string Hash = "0xcf0cbf81e8a845ecf8b9cbc99260bb4df3b9c5c63a2e4ec82e91d446523e44cc";

    private static JsonObject ValidRecord() => new()
    {
        ["schemaVersion"] = 1,
        ["chainId"] = 31337,
        ["network"] = "localhost",
        ["deployBlock"] = 1,
        ["deployedAt"] = "2026-11-25T17:56:50.271Z",
        ["contracts"] = new JsonObject
        {
            ["DataUnionToken"] = new JsonObject
            {
                ["address"] = Address,
                ["artifact"] = "contracts/token/DataUnionToken.sol:DataUnionToken",
                ["codeHash"] = Hash,
                ["abiHash"] = Hash,
            },
        },
    };

    [Fact]
    public void Parse_ValidRecord_ReadsEveryField()
    {
        var record = DeploymentRecordParser.Parse(ValidRecord().ToJsonString());

        Assert.Equal(1, record.SchemaVersion);
        Assert.Equal(31337, record.ChainId);
        Assert.Equal("localhost", record.Network);
        Assert.Equal(1, record.DeployBlock);
        var token = record.GetContract("DataUnionToken");
        Assert.Equal(Address, token.Address);
        Assert.Equal(Hash, token.CodeHash);
        Assert.Equal("contracts/token/DataUnionToken.sol:DataUnionToken", token.Artifact);
    }

    [Fact]
    public void GetContract_UnknownName_NamesTheContractsPresent()
    {
        var record = DeploymentRecordParser.Parse(ValidRecord().ToJsonString());

        var error = Assert.Throws<InvalidDeploymentRecordException>(() => record.GetContract("Registry"));

        Assert.Contains("'Registry'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DataUnionToken", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{}", "schemaVersion is missing")]
    public void Parse_MalformedDocument_SaysWhatIsWrong(string json, string expected)
    {
        var error = Assert.Throws<InvalidDeploymentRecordException>(() => DeploymentRecordParser.Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<JsonObject>> BrokenFields => new()
    {
        { "schemaVersion is 2", r => r["schemaVersion"] = 2 },
        { "chainId must be positive", r => r["chainId"] = 0 },
        { "chainId is missing", r => r["chainId"] = "31337" },
        { "deployBlock must not be negative", r => r["deployBlock"] = -1 },
        { "contracts is missing", r => r.Remove("contracts") },
        { "contracts is empty", r => r["contracts"] = new JsonObject() },
        { "contracts.DataUnionToken.address '0x1234'", r => Token(r)["address"] = "0x1234" },
        { "contracts.DataUnionToken.codeHash", r => Token(r)["codeHash"] = "0xdead" },
        { "contracts.DataUnionToken.abiHash is missing", r => Token(r).Remove("abiHash") },
        { "contracts.DataUnionToken.artifact is missing", r => Token(r)["artifact"] = " " },
    };

    [Theory]
    [MemberData(nameof(BrokenFields))]
    public void Parse_BrokenField_NamesTheField(string expected, Action<JsonObject> breakIt)
    {
        var record = ValidRecord();
        breakIt(record);

        var error = Assert.Throws<InvalidDeploymentRecordException>(() => DeploymentRecordParser.Parse(record.ToJsonString()));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static JsonObject Token(JsonObject record) => record["contracts"]!["DataUnionToken"]!.AsObject();
}
