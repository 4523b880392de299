using System.Globalization;
using DataUnion.Chain.Connection;
using DataUnion.Chain.Signing;
using DataUnion.Core.Content;
using DataUnion.Core.Images;
using DataUnion.Core.Labeling;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Security;
using DataUnion.Storage.Contributions;
using DataUnion.Storage.Labeling;
using Microsoft.Extensions.Options;
using Nethereum.Util;

namespace DataUnion.Node.Contributions;

/// <summary>
/// Contributions from upload to withdrawal. An upload is checked and stripped whole before
/// anything is kept, pinned for the contribution, and waits for its signed consent; the consent
/// puts it in its domain's labeling pool; withdrawal takes it out and lets its pins go. An image
/// is one contribution whatever CID names it, and the first contributor holds it.
/// </summary>
public sealed class ContributionService
{
    private readonly LiteDbContributionStore _contributions;
    private readonly IpfsStore _store;
    private readonly LabelingEngine _labeling;
    private readonly ChainConnection _chain;
    private readonly ContributorLicence _licence;
    private readonly AttributeVocabulary _vocabulary;
    private readonly ContributionOptions _options;
    private readonly ImageLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger<ContributionService> _logger;

    // Every change of a contribution's state happens under this gate, so an upload, a consent, a
    // withdrawal and the sweep of the same image never interleave.
    private readonly SemaphoreSlim _gate = new(1, 1);

    private static readonly SemaphoreSlim Decodes = new(Environment.ProcessorCount, Environment.ProcessorCount);

    /// <summary>Creates the service.</summary>
    public ContributionService(
        LiteDbContributionStore contributions, IpfsStore store, LabelingEngine labeling, ChainConnection chain, ContributorLicence licence,
        AttributeVocabulary vocabulary, IOptions<ContributionOptions> options, IOptions<ImageLimits> limits, TimeProvider time, ILogger<ContributionService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        (_contributions, _store, _labeling, _chain, _licence, _vocabulary, _options, _limits, _time, _logger) =
            (contributions, store, labeling, chain, licence, vocabulary, options.Value, limits.Value, time, logger);
    }

    /// <summary>The licence contributors grant.</summary>
    public ContributorLicence Licence => _licence;

    /// <summary>The attributes contributors may declare.</summary>
    public AttributeVocabulary Vocabulary => _vocabulary;

    /// <summary>
    /// Takes <paramref name="files"/> from <paramref name="contributor"/> for <paramref name="domain"/>.
    /// Every file is checked and stripped first; if one is refused, or one is another member's
    /// image, nothing is pinned or recorded. An image the contributor already uploaded comes back
    /// as it stands.
    /// </summary>
    /// <exception cref="ProblemException">400 for a refused file or bad attributes, 404 for an unknown domain, 409 for another's image, 503 before the chain is known.</exception>
    public async Task<IReadOnlyList<Contribution>> UploadAsync(
        string contributor, string domain, IReadOnlyDictionary<string, string> attributes, IReadOnlyList<UploadedFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        // The domain's own name, whatever case the member typed: it goes into the consent and the labeling pool.
        domain = _labeling.FindDomain(domain)?.Name
            ?? throw new ProblemException(ApiProblem.NotFound($"there is no labeling domain '{Shown(domain)}' to contribute to"));
        if (_contributions.CountAwaiting(contributor) + files.Count > _options.MaxAwaitingConsent)
        {
            throw new ProblemException(new ApiProblem(StatusCodes.Status429TooManyRequests, "Too many unsigned uploads",
                [$"you have uploads awaiting consent; at most {_options.MaxAwaitingConsent} may wait at once: sign or withdraw some, or let them expire"]));
        }

        var problems = _vocabulary.Check(attributes).ToList();
        var accepted = new List<(UploadedFile File, AcceptedImage Image)>();
        foreach (var file in files)
        {
            // As many decodes at once as there are cores: more would only hold more pixels in memory.
            await Decodes.WaitAsync(cancellationToken);
            try
            {
                accepted.Add((file, ImageIntake.Accept(file.Content, _limits)));
            }
            catch (ImageFormatException ex)
            {
                problems.Add($"file '{Shown(file.Name)}': {ex.Message}");
            }
            finally
            {
                Decodes.Release();
            }
        }

        if (problems.Count > 0)
        {
            throw new ProblemException(ApiProblem.BadRequest(problems));
        }

        var (chainId, market) = ChainTerms();
        var now = _time.GetUtcNow();
        var deadline = DateTimeOffset.FromUnixTimeSeconds((now + _options.ConsentWindow).ToUnixTimeSeconds());
        var results = new List<Contribution>();
        await using var session = await _store.BeginAddAsync(cancellationToken: cancellationToken);
        var added = new List<(DagLink Root, UploadedFile File, AcceptedImage Image)>();
        foreach (var (file, image) in accepted)
        {
            using var content = new MemoryStream(image.Image.Bytes, writable: false);
            added.Add((await session.AddFileAsync(content, ImportOptions.KuboCidV1, cancellationToken), file, image));
        }

        // Durable before the gate, so uploads wait on the disk side by side and not in turn; the
        // labeling pool is read before it too (the consent checks it again when it adds the image).
        session.Commit();
        var inLabeling = added.Select(a => _labeling.Image(a.Root.Cid.ToString())).ToList();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Decide for every file before anything is pinned: one refusal refuses the request.
            var conflicts = new List<string>();
            var fresh = new List<Contribution>();
            var expired = new HashSet<string>(StringComparer.Ordinal);
            foreach (var ((root, file, image), labeled) in added.Zip(inLabeling))
            {
                var key = Key(root.Cid);
                if (_contributions.Find(key) is { State: ContributionState.AwaitingConsent } old && old.Contributor == contributor && old.Deadline <= now)
                {
                    // Its own upload, expired and not swept yet: it starts again with a new deadline.
                    expired.Add(key);
                }

                if (!expired.Contains(key) && _contributions.Find(key) is { } existing)
                {
                    if (existing.Contributor != contributor)
                    {
                        conflicts.Add($"file '{Shown(file.Name)}': the image {existing.Cid} was already contributed by another member; the first consent stands");
                    }
                    else if (existing.State == ContributionState.Withdrawn)
                    {
                        conflicts.Add($"file '{Shown(file.Name)}': you withdrew the image {existing.Cid} on {existing.WithdrawnAt:u}; a withdrawal is final");
                    }
                    else if (existing.Domain != domain)
                    {
                        conflicts.Add($"file '{Shown(file.Name)}': you contributed the image {existing.Cid} to domain '{existing.Domain}' already");
                    }
                    else if (!results.Any(r => r.Key == key))
                    {
                        results.Add(existing);
                    }
                }
                else if (labeled is not null && !expired.Contains(key))
                {
                    conflicts.Add($"file '{Shown(file.Name)}': the image {labeled.Item.Id} is already up for labeling in domain '{labeled.Domain}'");
                }
                else if (!fresh.Any(f => f.Key == key))
                {
                    var salt = AttributeVocabulary.NewSalt(attributes);
                    var attributesHash = "0x" + Convert.ToHexStringLower(AttributeVocabulary.Commitment(attributes, salt));
                    var terms = new ConsentTerms(chainId, market, _licence.Id, _licence.Hash, attributesHash, deadline.ToUnixTimeSeconds(), salt);
                    var contribution = new Contribution(
                        key, root.Cid.ToString(), contributor, domain, image.Image.Kind.ToString().ToLowerInvariant(), image.Image.Bytes.Length,
                        image.Width, image.Height, image.Image.Orientation, now, deadline, ContributionState.AwaitingConsent, terms,
                        new Dictionary<string, string>(attributes, StringComparer.Ordinal));
                    fresh.Add(contribution with { ConsentDigest = DigestOf(contribution) });
                }
            }

            if (conflicts.Count > 0)
            {
                // The blocks written stay unpinned, and the next garbage collection removes them.
                throw new ProblemException(new ApiProblem(StatusCodes.Status409Conflict, "Conflict", conflicts));
            }

            var recorded = new List<Contribution>();
            try
            {
                foreach (var contribution in fresh)
                {
                    if (expired.Contains(contribution.Key))
                    {
                        _contributions.Delete(contribution.Key);
                    }

                    if (!_contributions.TryAdd(contribution, out var stored))
                    {
                        throw new InvalidOperationException($"contribution {contribution.Key} appeared while the gate was held");
                    }

                    recorded.Add(stored);
                    session.Pin(Cid.Parse(stored.Cid), PinOwner.Contribution(stored.Key));
                }
            }
            catch
            {
                // All or nothing: what this upload recorded and pinned goes again.
                foreach (var stored in recorded)
                {
                    _store.Unpin(Cid.Parse(stored.Cid), PinOwner.Contribution(stored.Key));
                    _contributions.Delete(stored.Key);
                }

                throw;
            }

            results.AddRange(recorded);
        }
        finally
        {
            _gate.Release();
        }

        _logger.LogInformation("{Contributor} uploaded {Count} image(s) to {Domain}", contributor, results.Count, domain);
        return results;
    }

    /// <summary>The EIP-712 consent <paramref name="contribution"/> asks its contributor to sign.</summary>
    public static Consent ConsentOf(Contribution contribution)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        return new Consent(
            AddressUtil.Current.ConvertToChecksumAddress(contribution.Contributor),
            Cid.Parse(contribution.Cid).Hash.Digest.ToArray(),
            contribution.Domain,
            contribution.Consent.Licence,
            Convert.FromHexString(contribution.Consent.LicenceHash[2..]),
            Convert.FromHexString(contribution.Consent.AttributesHash[2..]),
            contribution.Consent.Deadline);
    }

    /// <summary>The EIP-712 digest of the consent <paramref name="contribution"/> asks for, 0x hex.</summary>
    public static string DigestOf(Contribution contribution)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        return "0x" + Convert.ToHexStringLower(ConsentSigner.Digest(contribution.Consent.ChainId, contribution.Consent.Market, ConsentOf(contribution)));
    }

    /// <summary>
    /// Verifies <paramref name="signature"/> as the contributor's consent (a key's signature, or an
    /// ERC-1271 contract wallet's approval), records it, and puts the image in its domain's
    /// labeling pool. The same signature again changes nothing.
    /// </summary>
    /// <exception cref="ProblemException">404 when the image is not the caller's upload, 400 for a bad or late signature, 409 when consent was recorded already or the image was withdrawn.</exception>
    public async Task<Contribution> ConsentAsync(string caller, string cidText, string? signature, CancellationToken cancellationToken)
    {
        var contribution = Mine(caller, cidText);
        if (string.IsNullOrWhiteSpace(signature))
        {
            throw new ProblemException(ApiProblem.BadRequest("send {\"signature\": <0x…>}: the EIP-712 signature of the consent this upload returned"));
        }

        if (Settled(contribution, signature) is { } settled)
        {
            return settled;
        }

        if (_time.GetUtcNow() > contribution.Deadline)
        {
            throw new ProblemException(ApiProblem.BadRequest($"the consent's deadline passed at {contribution.Deadline:u}; upload the image again for a new one"));
        }

        var signer = await VerifyAsync(contribution, signature, cancellationToken);
        var verified = contribution;
        // The store's shared lock before the gate, as an upload takes them: the other order can
        // deadlock with an upload and a garbage collection waiting between them.
        using var shared = await _store.Locker.EnterSharedAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            contribution = Mine(caller, cidText);
            if (Settled(contribution, signature) is { } raced)
            {
                return raced;
            }

            if (contribution.Sequence != verified.Sequence || contribution.ConsentDigest != verified.ConsentDigest)
            {
                throw new ProblemException(new ApiProblem(StatusCodes.Status409Conflict, "Conflict",
                    [$"the upload of {contribution.Cid} was renewed while the signature was checked; sign the consent it returns now"]));
            }

            var cid = Cid.Parse(contribution.Cid);
            {
                var pin = _store.FindPin(cid)
                    ?? throw new ProblemException(new ApiProblem(StatusCodes.Status409Conflict, "Conflict",
                        [$"the image {contribution.Cid} is no longer pinned for your upload; upload it again"]));
                try
                {
                    _labeling.AddImage(contribution.Domain, new LabelingItem(contribution.Cid, contribution.Width, contribution.Height, contribution.Contributor, null));
                }
                catch (LabelingException ex)
                {
                    throw new ProblemException(new ApiProblem(
                        ex.Kind == LabelingErrorKind.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict, "Not put up for labeling", ex.Problems));
                }

                _store.AddPinOwner(pin, PinOwner.Labeling(contribution.Domain));
            }

            var consented = contribution with
            {
                State = ContributionState.Consented,
                Signature = signature.ToLowerInvariant(),
                ConsentDigest = DigestOf(contribution),
                Signer = signer,
                ConsentedAt = _time.GetUtcNow(),
            };
            _contributions.Update(consented);
            _logger.LogInformation("{Contributor} consented to {Cid} ({Signer} signature); it is up for labeling in {Domain}", caller, consented.Cid, signer, consented.Domain);
            return consented;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Withdraws the caller's image: it leaves the labeling pool and every future version, and
    /// its pins are let go (a published version keeps its own). Withdrawing again changes nothing.
    /// </summary>
    /// <exception cref="ProblemException">404 when the image is not the caller's.</exception>
    public async Task<Contribution> WithdrawAsync(string caller, string cidText, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var contribution = Mine(caller, cidText);
            if (contribution.State == ContributionState.Withdrawn)
            {
                return contribution;
            }

            LetGo(contribution);
            var withdrawn = contribution with { State = ContributionState.Withdrawn, WithdrawnAt = _time.GetUtcNow() };
            _contributions.Update(withdrawn);
            _logger.LogInformation("{Contributor} withdrew {Cid}", caller, contribution.Cid);
            return withdrawn;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Forgets the uploads whose consent deadline passed unsigned and lets their pins go; the next
    /// garbage collection removes their blocks.
    /// </summary>
    /// <returns>How many expired.</returns>
    public async Task<int> SweepExpiredAsync(CancellationToken cancellationToken)
    {
        var expired = 0;
        foreach (var candidate in _contributions.Expired(_time.GetUtcNow()))
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (_contributions.Find(candidate.Key) is { State: ContributionState.AwaitingConsent } c && c.Deadline <= _time.GetUtcNow())
                {
                    LetGo(c);
                    _contributions.Delete(c.Key);
                    expired++;
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        if (expired > 0)
        {
            _logger.LogInformation("{Count} upload(s) expired without consent and were unpinned", expired);
        }

        return expired;
    }

    /// <summary>
    /// Takes <paramref name="contribution"/>'s image out of labeling (whatever its recorded state:
    /// a consent that failed half-way may have put it there) and lets go of the pins the
    /// contribution and its domain hold. The caller holds the gate.
    /// </summary>
    private void LetGo(Contribution contribution)
    {
        var cid = Cid.Parse(contribution.Cid);
        if (_labeling.Image(contribution.Cid) is { Item.Gold: null } image && image.Item.Contributor == contribution.Contributor)
        {
            _labeling.Withdraw(contribution.Cid);
            _store.Unpin(cid, PinOwner.Labeling(image.Domain));
        }

        _store.Unpin(cid, PinOwner.Contribution(contribution.Key));
    }

    /// <summary>The caller's contributions after <paramref name="after"/>, in upload order.</summary>
    public IReadOnlyList<Contribution> Of(string caller, long after, int limit) => _contributions.OfContributor(caller, after, limit);

    /// <summary>The caller's contribution of <paramref name="cidText"/>.</summary>
    /// <exception cref="ProblemException">400 for a malformed CID; 404 when it is not the caller's.</exception>
    public Contribution Mine(string caller, string cidText)
    {
        if (!Cid.TryParse(cidText, out var cid, out var error))
        {
            throw new ProblemException(ApiProblem.BadRequest($"'{Shown(cidText)}' is not a CID: {error}"));
        }

        return _contributions.Find(Key(cid!)) is { } c && c.Contributor == caller
            ? c
            : throw new ProblemException(ApiProblem.NotFound($"you have no contribution {Shown(cidText)}"));
    }

    /// <summary>An image's identity in the store of contributions: its multihash, whatever the CID's version or codec.</summary>
    public static string Key(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        return "mh:" + Convert.ToHexStringLower(cid.Hash.Bytes);
    }

    private static Contribution? Settled(Contribution contribution, string signature) => contribution.State switch
    {
        ContributionState.Withdrawn => throw new ProblemException(new ApiProblem(StatusCodes.Status409Conflict, "Conflict",
            [$"you withdrew {contribution.Cid} on {contribution.WithdrawnAt:u}; a withdrawn image takes no consent"])),
        ContributionState.Consented when string.Equals(contribution.Signature, signature, StringComparison.OrdinalIgnoreCase) => contribution,
        ContributionState.Consented => throw new ProblemException(new ApiProblem(StatusCodes.Status409Conflict, "Conflict",
            [$"the consent to {contribution.Cid} was recorded on {contribution.ConsentedAt:u} with another signature; the first consent stands"])),
        _ => null,
    };

    /// <summary>"eoa" when the contributor's key made the signature, "contract" when its ERC-1271 wallet vouches for it.</summary>
    private async Task<string> VerifyAsync(Contribution contribution, string signature, CancellationToken cancellationToken)
    {
        var consent = ConsentOf(contribution);
        string? recovered = null;
        string? shapeProblem = null;
        try
        {
            recovered = ConsentSigner.Recover(contribution.Consent.ChainId, contribution.Consent.Market, consent, signature);
        }
        catch (SignatureException ex)
        {
            shapeProblem = ex.Message;
        }

        if (recovered is not null && string.Equals(recovered, contribution.Contributor, StringComparison.OrdinalIgnoreCase))
        {
            return "eoa";
        }

        if (PersonalSign.Bytes(signature) is { } bytes
            && await ContractWallets.AcceptAsync(_chain, contribution.Contributor, ConsentSigner.Digest(contribution.Consent.ChainId, contribution.Consent.Market, consent), bytes, cancellationToken))
        {
            return "contract";
        }

        throw new ProblemException(ApiProblem.BadRequest(recovered is not null
            ? $"the consent was signed by {recovered}, not by the contributor {AddressUtil.Current.ConvertToChecksumAddress(contribution.Contributor)} (nor does a contract wallet there accept it)"
            : $"the signature is not the contributor's consent: {shapeProblem}"));
    }

    private (long ChainId, string Market) ChainTerms()
    {
        if (!_chain.IsEstablished)
        {
            throw new ProblemException(ApiProblem.Unavailable("Chain not ready", "the chain is still coming up; a consent names its chain id and market"));
        }

        return (_chain.Deployment.ChainId, _chain.Deployment.GetContract("DatasetMarket").Address.ToLowerInvariant());
    }

    private static string Shown(string? text) => text is { Length: > 100 } ? text[..100] + "…" : text ?? string.Empty;
}

/// <summary>A file of an upload request.</summary>
/// <param name="Name">The name the client gave it (shown in problems only; the kind comes from the bytes).</param>
/// <param name="Content">Its bytes.</param>
public sealed record UploadedFile(string Name, byte[] Content);
