using DataUnion.Core.Labeling;

namespace DataUnion.Node.Apis.Labeling;

/// <summary>Body of <c>PUT /api/v1/labeling/domains/{name}</c>; unset fields keep the defaults.</summary>
/// <param name="Classes">Class name → IoU threshold (0 to 1].</param>
/// <param name="MinOverlap">Labelers per image at first.</param>
/// <param name="MaxOverlap">Most labelers per image.</param>
/// <param name="ConfidenceTarget">Consensus confidence that finishes an image.</param>
/// <param name="GoldRatio">Share of gold in a bundle.</param>
/// <param name="QualificationSize">Gold items before qualifying (at least 3).</param>
/// <param name="PassMeanIoU">Mean matched IoU to pass.</param>
/// <param name="PassPrecision">Object precision to pass.</param>
/// <param name="PassRecall">Object recall to pass.</param>
/// <param name="QualificationCooldown">Lock after a failed qualification, e.g. <c>7.00:00:00</c>.</param>
/// <param name="MaxBoxesPerImage">Most boxes in one answer.</param>
public sealed record DomainRequest(
    Dictionary<string, double>? Classes,
    int? MinOverlap,
    int? MaxOverlap,
    double? ConfidenceTarget,
    double? GoldRatio,
    int? QualificationSize,
    double? PassMeanIoU,
    double? PassPrecision,
    double? PassRecall,
    TimeSpan? QualificationCooldown,
    int? MaxBoxesPerImage);

/// <summary>A domain with its image counts.</summary>
/// <param name="Domain">The settings.</param>
/// <param name="Images">Real images.</param>
/// <param name="Finished">Real images with a final consensus.</param>
/// <param name="Gold">Gold items.</param>
/// <param name="RetiredGold">Gold items retired because too many failed them.</param>
public sealed record DomainView(LabelingDomain Domain, int Images, int Finished, int Gold, int RetiredGold);

/// <summary>A box as JSON: a class and <c>[x, y, width, height]</c> in pixels.</summary>
/// <param name="Label">The class.</param>
/// <param name="Box">x, y (top left), width, height.</param>
public sealed record BoxJson(string? Label, double[]? Box);

/// <summary>Body of <c>POST /api/v1/labeling/domains/{name}/images</c>.</summary>
/// <param name="Image">The image's CID; it must be pinned on this node.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Contributor">The contributor's wallet address.</param>
/// <param name="Gold">Expert boxes, for a gold item.</param>
public sealed record ImageRequest(string? Image, double? Width, double? Height, string? Contributor, List<BoxJson>? Gold);

/// <summary>A bundle as a labeler receives it.</summary>
/// <param name="Id">Bundle id; post the answers to <c>/api/v1/labeling/bundles/{id}/answers</c>.</param>
/// <param name="Domain">The domain.</param>
/// <param name="ExpiresAt">Answers after this are refused.</param>
/// <param name="Items">The images, each with the URL to fetch it from.</param>
public sealed record BundleView(string Id, string Domain, DateTimeOffset ExpiresAt, IReadOnlyList<BundleItemView> Items);

/// <summary>One image of a bundle.</summary>
/// <param name="Image">The image's CID.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Url">Where the labeler fetches it (their session only).</param>
public sealed record BundleItemView(string Image, double Width, double Height, string Url);

/// <summary>Body of <c>POST /api/v1/labeling/bundles/{id}/answers</c>: one answer per image of the bundle.</summary>
/// <param name="Answers">The answers.</param>
public sealed record AnswersRequest(List<AnswerJson>? Answers);

/// <summary>A labeler's boxes for one image (an empty list when it shows nothing of the domain's classes).</summary>
/// <param name="Image">The image's CID.</param>
/// <param name="Boxes">The boxes.</param>
public sealed record AnswerJson(string? Image, List<BoxJson>? Boxes);

/// <summary>A dataset version's shares, ready to publish.</summary>
/// <param name="VersionId">The version id the leaves are for (the market's next version id unless given).</param>
/// <param name="SharesRoot">Root of the shares tree (0x, 32 bytes).</param>
/// <param name="TotalShares">Sum of the units (decimal text): the version's totalShares.</param>
/// <param name="Owners">Every co-owner with their units and Merkle proof.</param>
public sealed record SharesView(string VersionId, string SharesRoot, string TotalShares, IReadOnlyList<ShareView> Owners);

/// <summary>One co-owner's shares leaf.</summary>
/// <param name="Account">The co-owner.</param>
/// <param name="Shares">Their units.</param>
/// <param name="Proof">Proof of the leaf against the root.</param>
public sealed record ShareView(string Account, long Shares, IReadOnlyList<string> Proof);

/// <summary>An image's labeling state.</summary>
/// <param name="Image">The image's CID.</param>
/// <param name="Domain">Its domain.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Contributor">Its contributor.</param>
/// <param name="Gold">Expert boxes when it is a gold item.</param>
/// <param name="Answers">Answers that counted.</param>
/// <param name="Wanted">Answers it wants before the consensus is judged again.</param>
/// <param name="Labelers">Everyone it was assigned to.</param>
/// <param name="Finished">True once the consensus is final.</param>
/// <param name="Objects">The consensus objects.</param>
/// <param name="EmptyConfidence">Confidence that the image has no objects.</param>
/// <param name="Confidence">The consensus's confidence once finished.</param>
/// <param name="Shares">Co-ownership units once finished.</param>
/// <param name="VotingPowers">Each labeler's voting power when the image was finished.</param>
/// <param name="Retired">For gold: retired because too many failed it.</param>
/// <param name="Withdrawn">Its contributor withdrew it.</param>
public sealed record ImageView(
    string Image, string Domain, double Width, double Height, string Contributor, IReadOnlyList<BoxJson>? Gold, int Answers, int Wanted,
    IReadOnlyList<string> Labelers, bool Finished, IReadOnlyList<ObjectView>? Objects, double? EmptyConfidence, double? Confidence,
    IReadOnlyDictionary<string, long>? Shares, IReadOnlyDictionary<string, double>? VotingPowers, bool Retired, bool Withdrawn)
{
    /// <summary>The view of <paramref name="status"/>.</summary>
    public static ImageView From(ImageStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var item = status.Item;
        return new ImageView(
            item.Id, status.Domain, item.Width, item.Height, item.Contributor, item.Gold?.Select(BoxView).ToList(), status.Answers, status.Wanted,
            status.Labelers, status.Finished,
            status.Consensus?.Objects.Select(o => new ObjectView(o.Label, [o.Box.X, o.Box.Y, o.Box.Width, o.Box.Height], o.Confidence,
                o.Supporters.Select(s => new SupporterView(s.Labeler, s.IoU)).ToList(), o.Posterior)).ToList(),
            status.Consensus?.EmptyConfidence, status.Consensus?.Confidence, status.Shares, status.VotingPowers, status.Retired, status.Withdrawn);
    }

    private static BoxJson BoxView(LabeledBox b) => new(b.Label, [b.Box.X, b.Box.Y, b.Box.Width, b.Box.Height]);
}

/// <summary>A consensus object.</summary>
/// <param name="Label">Its class.</param>
/// <param name="Box">The fused box, [x, y, width, height].</param>
/// <param name="Confidence">Share of the voting power behind it.</param>
/// <param name="Supporters">Labelers whose box is in it, with that box's IoU to the fused one.</param>
/// <param name="Posterior">The crowd model's probability that it is a real object.</param>
public sealed record ObjectView(string Label, double[] Box, double Confidence, IReadOnlyList<SupporterView> Supporters, double Posterior);

/// <summary>A labeler behind a consensus object.</summary>
/// <param name="Labeler">Who.</param>
/// <param name="IoU">Their box's IoU with the fused box.</param>
public sealed record SupporterView(string Labeler, double IoU);

/// <summary>Body of <c>POST /api/v1/labeling/domains/{name}/labelers/{address}/suspension</c>.</summary>
/// <param name="Days">How long, in days (fractions allowed).</param>
/// <param name="Reason">Why; the labeler sees it.</param>
public sealed record SuspensionRequest(double? Days, string? Reason);
