using System.Numerics;
using DataUnion.Chain.Versions;
using DataUnion.Core.Content;
using DataUnion.Core.Fairness;
using DataUnion.Core.Labeling;
using DataUnion.Ipfs.Dag;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Contributions;
using DataUnion.Storage.Contributions;
using DataUnion.Storage.Labeling;
using DataUnion.Storage.Shares;
using DataUnion.Storage.Versions;

namespace DataUnion.Node.Versions;

public sealed partial class VersionService
{
    /// <summary>
    /// Builds the domain's draft: its finished images whose contributor consented under the
    /// node's licence and for this market, and that were not withdrawn. Replaces the domain's
    /// draft before it; a version past its draft is never touched.
    /// </summary>
    /// <param name="domain">The labeling domain (any case).</param>
    /// <param name="price">Price in token units, 1 to 2^128-1.</param>
    /// <param name="token">The payment token.</param>
    /// <param name="cancellationToken">Cancels the build; nothing is recorded then.</param>
    /// <exception cref="ProblemException">404 unknown domain, 409 nothing to build, 503 chain not ready.</exception>
    public async Task<DatasetVersion> BuildAsync(string domain, BigInteger price, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(token);
        var (chainId, market) = ChainTerms();
        var found = _labeling.FindDomain(domain)
            ?? throw new ProblemException(ApiProblem.NotFound($"there is no labeling domain '{(domain.Length > 64 ? domain[..64] + "…" : domain)}'"));
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var versionId = Math.Max(await VersionCountAsync(market, cancellationToken), _versions.HighestSent()) + 1;
            var (images, excluded, contributed) = Gather(found, chainId, market);
            if (images.Count == 0)
            {
                throw new ProblemException(new ApiProblem(StatusCodes.Status409Conflict, "Nothing to build",
                    [$"domain '{found.Name}' has no finished image with a standing consent yet", .. excluded.Take(20).Select(e => $"{e.Cid}: {e.Reason}")]));
            }

            var terms = new VersionTerms(
                chainId, market, versionId, DatasetIds.Of(found.Name), found.Name, [.. found.Classes.Keys.Order(StringComparer.Ordinal)],
                price, token.ToLowerInvariant(), _licence.Id, _licence.Text, _licence.Hash, _time.GetUtcNow());
            var content = VersionContent.Build(terms, images, _fairness.Summarize(contributed));
            var (root, files) = await VersionWriter.WriteAsync(_store, content, DraftOwner(found.Name), $"draft of {found.Name}", cancellationToken);
            var draft = new DatasetVersion(
                found.Name, versionId, Text(terms.DatasetId), VersionState.Draft, root.ToString(), files,
                Hex(content.ImageTree.Root), Hex(content.SharesTree.Root), Text(content.TotalShares),
                Text(price), terms.Token, content.Images.Count, excluded, chainId, market, terms.Created,
                ClassCounts: terms.Classes.ToDictionary(c => c, c => content.Images.Sum(i => i.Objects.Count(o => o.Label == c)), StringComparer.Ordinal));
            var before = _versions.Draft(found.Name);
            _versions.SaveDraft(draft);
            if (before is not null && before.Root != draft.Root)
            {
                _store.Unpin(Cid.Parse(before.Root), DraftOwner(found.Name));
            }

            // Kept by its root, so each co-owner sees their units once it is published.
            _sharesTrees.Record(new SharesTree(
                draft.SharesRoot, found.Name, Text(versionId), content.Shares.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal), terms.Created));
            _logger.LogInformation(
                "Built version {VersionId} of {Domain}: {Images} image(s), {Excluded} left out, root {Root}", versionId, found.Name, draft.ImageCount, excluded.Count, draft.Root);
            return draft;
        }
        finally
        {
            _gate.Release();
        }
    }

    private (List<VersionImage> Images, List<ExcludedImage> Excluded, List<ContributedImage> Contributed) Gather(LabelingDomain domain, long chainId, string market)
    {
        var images = new List<VersionImage>();
        var contributed = new List<ContributedImage>();
        var excluded = new List<ExcludedImage>();
        foreach (var image in _labeling.FinishedImages(domain.Name))
        {
            var cid = image.Item.Id;
            if (!Cid.TryParse(cid, out var parsed, out _) || parsed!.Hash.Code != Multicodec.Sha2_256)
            {
                excluded.Add(new(cid, "not a sha2-256 CID, so it has no image leaf"));
                continue;
            }

            var contribution = _contributions.Find(ContributionService.Key(parsed));
            var reason = contribution switch
            {
                _ when image.Withdrawn => "withdrawn by its contributor",
                null => "added by the operator, not contributed: there is no signed consent",
                { State: ContributionState.Withdrawn } => "withdrawn by its contributor",
                { State: not ContributionState.Consented } => "its consent is not signed",
                _ when contribution.Contributor != image.Item.Contributor.ToLowerInvariant() => "its labeling record names another contributor than its consent",
                _ when contribution.Consent.ChainId != chainId || !string.Equals(contribution.Consent.Market, market, StringComparison.OrdinalIgnoreCase) =>
                    "its consent names another chain or market",
                _ when !string.Equals(contribution.Consent.LicenceHash, _licence.Hash, StringComparison.OrdinalIgnoreCase) =>
                    $"its consent is to another licence text (hash {contribution.Consent.LicenceHash}) than the node's {_licence.Id}",
                _ when image.Shares is null || image.Consensus is null => "it has no shares",
                _ => null,
            };
            if (reason is not null)
            {
                excluded.Add(new(cid, reason));
                continue;
            }

            images.Add(new VersionImage(
                contribution!.Cid,
                contribution.Kind == "jpeg" ? "jpg" : contribution.Kind,
                contribution.Width,
                contribution.Height,
                parsed.Hash.Digest.ToArray(),
                ContributionService.ConsentOf(contribution),
                contribution.Signature!,
                contribution.Signer!,
                Convert.FromHexString(contribution.ConsentDigest![2..]),
                [.. (image.VotingPowers?.Keys ?? image.Labelers)],
                image.Shares!,
                image.Consensus!.Objects));
            contributed.Add(new ContributedImage(contribution.Contributor, contribution.Attributes));
        }

        return (images, excluded, contributed);
    }
}
