using System.Globalization;
using System.Numerics;
using DataUnion.Chain.Connection;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Indexing;
using DataUnion.Chain.Outbox;
using DataUnion.Chain.Versions;
using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Contributions;
using DataUnion.Node.Fairness;
using DataUnion.Storage.Contributions;
using DataUnion.Storage.Labeling;
using DataUnion.Storage.Shares;
using DataUnion.Storage.Versions;

namespace DataUnion.Node.Versions;

/// <summary>
/// Dataset versions from build to publication. A build turns a domain's finished, consented
/// images into a UnixFS directory (images, COCO annotations, manifest, tree dumps) pinned as the
/// domain's draft; publishing sends the draft's roots through the outbox, after which the
/// version never changes. Builds and publications are serialized, so two never pick one id.
/// </summary>
public sealed partial class VersionService
{
    private readonly LabelingEngine _labeling;
    private readonly LiteDbContributionStore _contributions;
    private readonly ContributorLicence _licence;
    private readonly IpfsStore _store;
    private readonly ChainConnection _chain;
    private readonly OutboxService _outbox;
    private readonly IndexerService _indexer;
    private readonly LiteDbVersionStore _versions;
    private readonly LiteDbSharesTrees _sharesTrees;
    private readonly FairnessPolicy _fairness;
    private readonly TimeProvider _time;
    private readonly ILogger<VersionService> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the service.</summary>
    public VersionService(
        LabelingEngine labeling, LiteDbContributionStore contributions, ContributorLicence licence, IpfsStore store, ChainConnection chain,
        OutboxService outbox, IndexerService indexer, LiteDbVersionStore versions, LiteDbSharesTrees sharesTrees, FairnessPolicy fairness, TimeProvider time, ILogger<VersionService> logger)
    {
        (_labeling, _contributions, _licence, _store, _chain, _outbox, _indexer, _versions, _sharesTrees, _fairness, _time, _logger) =
            (labeling, contributions, licence, store, chain, outbox, indexer, versions, sharesTrees, fairness, time, logger);
    }

    /// <summary>The domain's draft, or null.</summary>
    public DatasetVersion? Draft(string domain) => _versions.Draft(domain);

    /// <summary>Every draft.</summary>
    public IReadOnlyList<DatasetVersion> Drafts() => _versions.Drafts();

    /// <summary>Every version sent for publishing, newest first, with what the chain says of each.</summary>
    public IReadOnlyList<DatasetVersion> Sent()
    {
        Reconcile();
        return _versions.Sent();
    }

    /// <summary>The version sent for publishing with <paramref name="versionId"/>, or null.</summary>
    public DatasetVersion? Find(long versionId)
    {
        Reconcile();
        return _versions.Find(versionId);
    }

    /// <summary>
    /// Records what the index says of each version still publishing: published with its roots, or
    /// superseded when the market gave its id to other roots.
    /// </summary>
    private void Reconcile()
    {
        if (_indexer.Indexer is not { } indexer)
        {
            return;
        }

        var pending = _versions.Sent().Where(v => v.State == VersionState.Publishing).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var published = indexer.Store.Versions().ToDictionary(v => v.VersionId);
        foreach (var version in pending)
        {
            if (!published.TryGetValue(version.VersionId, out var history))
            {
                continue;
            }

            var fields = history.Published.Fields;
            var same = string.Equals(fields.GetValueOrDefault("imagesRoot"), version.ImagesRoot, StringComparison.OrdinalIgnoreCase)
                && string.Equals(fields.GetValueOrDefault("sharesRoot"), version.SharesRoot, StringComparison.OrdinalIgnoreCase)
                && string.Equals(fields.GetValueOrDefault("manifestCid"), ManifestCidHex(version.Root), StringComparison.OrdinalIgnoreCase);
            _versions.SetState(version.VersionId, same ? VersionState.Published : VersionState.Superseded, history.Published.BlockNumber);
            if (!same)
            {
                _logger.LogWarning(
                    "Version {VersionId} of {Domain} was superseded: the market gave its id to other roots; build the domain again", version.VersionId, version.Domain);
            }
        }
    }

    /// <summary>The manifest CID as the market stores it: the CIDv1's bytes, 0x hex.</summary>
    internal static string ManifestCidHex(string root) => "0x" + Convert.ToHexStringLower(Cid.Parse(root).ToV1().Bytes);

    private (long ChainId, string Market) ChainTerms()
    {
        if (!_chain.IsEstablished)
        {
            throw new ProblemException(ApiProblem.Unavailable("Chain not ready", "the chain is still coming up; a version names its chain id and market"));
        }

        return (_chain.Deployment.ChainId, _chain.Deployment.GetContract("DatasetMarket").Address.ToLowerInvariant());
    }

    private async Task<long> VersionCountAsync(string market, CancellationToken cancellationToken)
    {
        var count = await _chain.Web3.Eth.GetContractQueryHandler<VersionCountFunction>()
            .QueryAsync<BigInteger>(market, new VersionCountFunction()).WaitAsync(cancellationToken);
        return (long)count;
    }

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private static PinOwner DraftOwner(string domain) => PinOwner.Version("draft:" + domain);
}
