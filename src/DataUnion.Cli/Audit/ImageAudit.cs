using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Merkle;
using DataUnion.Chain.Signing;
using DataUnion.Core.Content;
using DataUnion.Core.Hashing;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer.EIP712;

namespace DataUnion.Cli.Audit;

/// <summary>
/// Traces an image through every published version, trusting neither the operator nor the node:
/// versions come from the market's events, manifests from a trustless gateway with every block
/// checked against the manifest CID on chain, and each claim of a manifest is checked (the images
/// root rebuilt, the proof run by the market's own <c>verifyImage</c>, the consent's digest and
/// signer recomputed).
/// </summary>
internal sealed class ImageAudit(MarketClient market, VerifiedGateway gateway)
{
    /// <summary>Every version that holds the image (by its sha2-256 digest), and the versions that could not be read.</summary>
    public async Task<AuditReport> RunAsync(Cid image, CancellationToken cancellationToken)
    {
        var digest = image.Hash.Digest.ToArray();
        var events = market.Web3.Eth.GetEvent<VersionPublishedEventDTO>(market.Market);
        var published = await events.GetAllChangesAsync(events.CreateFilterInput(BlockParameter.CreateEarliest(), BlockParameter.CreateLatest())).WaitAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<VersionFinding>();
        var unreadable = new List<string>();
        foreach (var log in published.OrderBy(l => l.Event.VersionId))
        {
            var versionId = (long)log.Event.VersionId;
            JsonElement manifest;
            Cid root;
            try
            {
                root = Cid.Read(log.Event.ManifestCid, out var length);
                if (length != log.Event.ManifestCid.Length)
                {
                    throw new CidFormatException("stray bytes after the CID");
                }

                using var document = JsonDocument.Parse(await gateway.FileAsync(root, Chain.Versions.VersionContent.ManifestPath, cancellationToken).ConfigureAwait(false));
                manifest = document.RootElement.Clone();
            }
            catch (Exception ex) when (ex is CliFailureException or CidFormatException or JsonException)
            {
                unreadable.Add($"version {versionId}: {ex.Message}");
                continue;
            }

            var entry = manifest.GetProperty("images").EnumerateArray()
                .FirstOrDefault(i => Cid.TryParse(i.GetProperty("cid").GetString(), out var c, out _) && c!.Hash.Digest.SequenceEqual(digest));
            if (entry.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            found.Add(await CheckAsync(versionId, root, log.Event, manifest, entry, digest, cancellationToken).ConfigureAwait(false));
        }

        return new AuditReport(image.ToString(), "0x" + Convert.ToHexStringLower(digest), market.ChainId, market.Market, found, unreadable);
    }

    private async Task<VersionFinding> CheckAsync(long versionId, Cid root, VersionPublishedEventDTO published, JsonElement manifest, JsonElement entry, byte[] digest, CancellationToken cancellationToken)
    {
        var checks = new List<AuditCheck>();
        var contributor = entry.GetProperty("contributor").GetString()!;
        var consentHash = Convert.FromHexString(entry.GetProperty("consentHash").GetString()![2..]);
        checks.Add(new("manifest names this version", manifest.GetProperty("versionId").GetString() == versionId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && manifest.GetProperty("chainId").GetInt64() == market.ChainId && string.Equals(manifest.GetProperty("market").GetString(), market.Market, StringComparison.OrdinalIgnoreCase),
            $"version {manifest.GetProperty("versionId").GetString()} on chain {manifest.GetProperty("chainId").GetInt64()} at {manifest.GetProperty("market").GetString()}"));

        // The images root, rebuilt from every image the manifest lists: the manifest is the whole version.
        var leaves = manifest.GetProperty("images").EnumerateArray().Select(i => StandardMerkleTree.ImageLeaf(
            market.ChainId, market.Market, versionId, Cid.Parse(i.GetProperty("cid").GetString()!).Hash.Digest.ToArray(), i.GetProperty("contributor").GetString()!,
            Convert.FromHexString(i.GetProperty("consentHash").GetString()![2..]))).ToList();
        var tree = StandardMerkleTree.Of(leaves);
        checks.Add(new("images root rebuilt from the manifest equals the root on chain", tree.Root.AsSpan().SequenceEqual(published.ImagesRoot), "0x" + Convert.ToHexStringLower(published.ImagesRoot)));

        var ownLeaf = StandardMerkleTree.ImageLeaf(market.ChainId, market.Market, versionId, digest, contributor, consentHash);
        var index = leaves.FindIndex(l => l.AsSpan().SequenceEqual(ownLeaf));
        var proof = tree.GetProof(index).ToList();
        var verified = await market.Web3.Eth.GetContractQueryHandler<VerifyImageFunction>().QueryAsync<bool>(market.Market, new VerifyImageFunction
        {
            VersionId = versionId,
            CidDigest = digest,
            Contributor = contributor,
            ConsentHash = consentHash,
            Proof = proof,
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        checks.Add(new("the market's verifyImage accepts the image's leaf and proof", verified, $"{proof.Count} proof hashes"));

        // The consent: its typed data is the manifest's domain and types with the image's message.
        var message = entry.GetProperty("consent").GetProperty("message");
        var typedData = JsonNode.Parse(manifest.GetProperty("consent").GetRawText())!.AsObject();
        typedData["message"] = JsonNode.Parse(message.GetRawText());
        var json = typedData.ToJsonString();
        var recomputed = Keccak256.Hash(Eip712TypedDataSigner.Current.EncodeTypedData(json));
        checks.Add(new("the consent's EIP-712 digest is the leaf's consentHash", recomputed.AsSpan().SequenceEqual(consentHash), "0x" + Convert.ToHexStringLower(recomputed)));
        checks.Add(new("the consent names this image and contributor",
            string.Equals(message.GetProperty("image").GetString(), "0x" + Convert.ToHexStringLower(digest), StringComparison.OrdinalIgnoreCase)
            && string.Equals(message.GetProperty("contributor").GetString(), contributor, StringComparison.OrdinalIgnoreCase),
            $"image {message.GetProperty("image").GetString()}, contributor {message.GetProperty("contributor").GetString()}"));
        var signature = entry.GetProperty("consent").GetProperty("signature").GetString()!;
        checks.Add(await SignerCheckAsync(json, contributor, recomputed, signature, cancellationToken).ConfigureAwait(false));

        var purchases = market.Web3.Eth.GetEvent<PurchasedEventDTO>(market.Market);
        var logs = await purchases.GetAllChangesAsync(purchases.CreateFilterInput(new BigInteger(versionId), BlockParameter.CreateEarliest(), BlockParameter.CreateLatest())).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new VersionFinding(
            versionId, manifest.GetProperty("dataset").GetString() ?? "", root.ToString(), contributor, message.GetProperty("licence").GetString() ?? "", checks,
            [.. logs.Select(l => new PurchaseRecord(l.Event.Buyer, l.Event.Price.ToString(System.Globalization.CultureInfo.InvariantCulture), l.Event.Fee.ToString(System.Globalization.CultureInfo.InvariantCulture), (long)l.Log.BlockNumber.Value, l.Log.TransactionHash))]);
    }

    private async Task<AuditCheck> SignerCheckAsync(string typedData, string contributor, byte[] digest, string signature, CancellationToken cancellationToken)
    {
        const string Name = "the consent is signed by the contributor";
        try
        {
            var signer = Eip712TypedDataSigner.Current.RecoverFromSignatureV4(typedData, signature);
            if (string.Equals(signer, contributor, StringComparison.OrdinalIgnoreCase))
            {
                return new(Name, true, $"recovered {signer}");
            }

            return await ContractWalletAsync() ? new(Name, true, $"ERC-1271 wallet {contributor} accepts it") : new(Name, false, $"recovers to {signer}, not {contributor}");
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IndexOutOfRangeException)
        {
            return await ContractWalletAsync() ? new(Name, true, $"ERC-1271 wallet {contributor} accepts it") : new(Name, false, $"the signature does not recover: {ex.Message}");
        }

        async Task<bool> ContractWalletAsync() =>
            PersonalSign.Bytes(signature) is { } bytes && await ContractSignatures.IsValidAsync(market.Web3, contributor, digest, bytes, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What an audit found.</summary>
internal sealed record AuditReport(string Image, string Digest, long ChainId, string Market, IReadOnlyList<VersionFinding> Versions, IReadOnlyList<string> Unreadable)
{
    public bool Holds => Versions.Count > 0 && Versions.All(v => v.Checks.All(c => c.Passed));
}

/// <summary>A version that holds the image, with every check and its purchases.</summary>
internal sealed record VersionFinding(long VersionId, string Dataset, string ManifestCid, string Contributor, string Licence, IReadOnlyList<AuditCheck> Checks, IReadOnlyList<PurchaseRecord> Purchases);

/// <summary>One check and what it saw.</summary>
internal sealed record AuditCheck(string Name, bool Passed, string Detail);

/// <summary>A purchase of a version, from the market's events.</summary>
internal sealed record PurchaseRecord(string Buyer, string Price, string Fee, long Block, string Transaction);
