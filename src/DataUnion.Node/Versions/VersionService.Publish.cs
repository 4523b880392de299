using System.Numerics;
using System.Text.Json;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Outbox;
using DataUnion.Chain.Versions;
using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Contributions;
using DataUnion.Storage.Contributions;
using DataUnion.Storage.Versions;

namespace DataUnion.Node.Versions;

public sealed partial class VersionService
{
    /// <summary>
    /// Sends the domain's draft to the market through the outbox, with its directory's root CID as
    /// the manifest CID. From here on the version never changes: it is pinned for good, and the
    /// domain's next build is a new draft with the next id.
    /// </summary>
    /// <returns>The version, now publishing, and its outbox intent.</returns>
    /// <exception cref="ProblemException">404 no draft; 409 when the draft's id is no longer the market's next or an image in it was withdrawn; 503 no outbox.</exception>
    public async Task<(DatasetVersion Version, TransactionIntent Intent)> PublishAsync(string domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var (_, market) = ChainTerms();
        var canonical = _labeling.FindDomain(domain)?.Name ?? domain;
        if (_outbox.Outbox is not { } outbox)
        {
            throw new ProblemException(ApiProblem.Unavailable(
                "No outbox", "the node has no operator wallet (create one with 'dataunion wallet new' or 'dataunion wallet import'), or the chain is still coming up"));
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var draft = _versions.Draft(canonical)
                ?? throw new ProblemException(ApiProblem.NotFound($"domain '{canonical}' has no draft; build one first"));
            Reconcile();
            if (_versions.Sent().FirstOrDefault(v => v.State == VersionState.Publishing) is { } inFlight)
            {
                throw Conflict($"version {inFlight.VersionId} of '{inFlight.Domain}' is still being published (outbox intent '{inFlight.PublishKey}'); publish this draft once it is mined");
            }

            var next = await VersionCountAsync(market, cancellationToken) + 1;
            if (next != draft.VersionId)
            {
                throw Conflict($"the draft names version {draft.VersionId}, but the market's next version is {next}: its leaves would name the wrong version. Build '{canonical}' again");
            }

            var (members, withdrawn) = await MembersAsync(draft, cancellationToken);
            if (withdrawn.Count > 0)
            {
                throw Conflict($"{withdrawn.Count} image(s) of the draft were withdrawn since it was built (first {withdrawn[0]}); build '{canonical}' again");
            }

            var root = Cid.Parse(draft.Root);
            var key = $"publish-version:{draft.VersionId}:{draft.Root}";
            var call = new PublishVersionFunction
            {
                DatasetId = BigInteger.Parse(draft.DatasetId, System.Globalization.CultureInfo.InvariantCulture),
                ImagesRoot = Convert.FromHexString(draft.ImagesRoot[2..]),
                SharesRoot = Convert.FromHexString(draft.SharesRoot[2..]),
                TotalShares = BigInteger.Parse(draft.TotalShares, System.Globalization.CultureInfo.InvariantCulture),
                Price = BigInteger.Parse(draft.Price, System.Globalization.CultureInfo.InvariantCulture),
                Token = draft.Token,
                ManifestCid = root.ToV1().Bytes.ToArray(),
            };
            TransactionIntent intent;
            try
            {
                intent = outbox.Enqueue(MarketIntents.PublishVersion(key, market, call));
            }
            catch (OutboxException ex)
            {
                throw new ProblemException(ApiProblems.Describe(ex)!);
            }

            using (await _store.Locker.EnterSharedAsync(cancellationToken))
            {
                if (_store.FindPin(root) is { } pin)
                {
                    _store.AddPinOwner(pin, PinOwner.Version(key));
                }
            }

            if (!_versions.MarkPublishing(draft, key))
            {
                throw Conflict($"the draft of '{canonical}' changed while it was published; its intent '{key}' stands");
            }

            _store.Unpin(root, DraftOwner(canonical));
            _versions.RecordImages(draft.VersionId, members);
            _logger.LogInformation("Publishing version {VersionId} of {Domain} (intent {Key})", draft.VersionId, canonical, key);
            return (_versions.Find(draft.VersionId)!, intent);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Discards the domain's draft and lets go of its pin; false when it had none.</summary>
    public async Task<bool> DiscardAsync(string domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var canonical = _labeling.FindDomain(domain)?.Name ?? domain;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_versions.Draft(canonical) is not { } draft)
            {
                return false;
            }

            _versions.DeleteDraft(canonical);
            _store.Unpin(Cid.Parse(draft.Root), DraftOwner(canonical));
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The content keys of the draft's images, and those of its images whose contributor withdrew them since it was built.</summary>
    private async Task<(List<string> Members, List<string> Withdrawn)> MembersAsync(DatasetVersion draft, CancellationToken cancellationToken)
    {
        using var manifest = JsonDocument.Parse(await ReadFileAsync(draft, VersionContent.ManifestPath, cancellationToken));
        var (members, withdrawn) = (new List<string>(), new List<string>());
        foreach (var image in manifest.RootElement.GetProperty("images").EnumerateArray())
        {
            var cid = image.GetProperty("cid").GetString()!;
            var key = ContributionService.Key(Cid.Parse(cid));
            members.Add(key);
            if (_contributions.Find(key) is not { State: ContributionState.Consented })
            {
                withdrawn.Add(cid);
            }
        }

        return (members, withdrawn);
    }

    /// <summary>The bytes of one of the version's public files (manifest, tree dumps) or its annotations.</summary>
    /// <exception cref="ProblemException">404 when the version has no such file, 500 when its blocks are gone.</exception>
    public async Task<byte[]> ReadFileAsync(DatasetVersion version, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!version.Files.TryGetValue(path, out var cid))
        {
            throw new ProblemException(ApiProblem.NotFound($"a version has no file '{path}'"));
        }

        using var bytes = new MemoryStream();
        await UnixFsFileReader.CopyToAsync(_store.Blocks, Cid.Parse(cid), bytes, cancellationToken);
        return bytes.ToArray();
    }

    private static ProblemException Conflict(string detail) => new(new ApiProblem(StatusCodes.Status409Conflict, "Conflict", [detail]));
}
