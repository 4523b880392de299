using System.Numerics;
using DataUnion.Chain.Contracts.DatasetMarket;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;

namespace DataUnion.Chain.Outbox;

/// <summary>Intents for the market's calls, each with the event that proves it took effect.</summary>
public static class MarketIntents
{
    /// <summary>
    /// Publishing a version. It took effect when the market emitted <c>VersionPublished</c> for the
    /// same dataset and token with the same images root, shares root, total shares and price.
    /// </summary>
    public static IntentRequest PublishVersion(string key, string market, PublishVersionFunction call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var topic = "0x" + ABITypedRegistry.GetEvent<VersionPublishedEventDTO>().Sha3Signature;
        var effect = new IntentEffect(
            market,
            [topic, null, Word(call.DatasetId), Word(call.Token.HexToBigInteger(false))],
            [call.ImagesRoot.ToHex(true), call.SharesRoot.ToHex(true), Word(call.TotalShares), Word(call.Price)]);
        return new IntentRequest(key, "publishVersion", market, call.GetCallData().ToHex(true), 0, effect);
    }

    private static string Word(BigInteger value) => "0x" + value.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)[^64..];
}
