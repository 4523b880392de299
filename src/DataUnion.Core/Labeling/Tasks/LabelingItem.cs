namespace DataUnion.Core.Labeling;

/// <summary>An image put up for labeling in a domain.</summary>
/// <param name="Id">The image's id (its CID in the node).</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Contributor">Who contributed it (a wallet address in the node); gets the contributor's shares.</param>
/// <param name="Gold">Expert boxes when the image is a gold item; null for a real item.</param>
public sealed record LabelingItem(string Id, double Width, double Height, string Contributor, IReadOnlyList<LabeledBox>? Gold = null);
