namespace DataUnion.Core.Labeling;

/// <summary>
/// Work handed to one labeler: real images with gold mixed in at random places. Nothing tells a
/// gold item from a real one.
/// </summary>
/// <param name="Id">Bundle id; the answers name it.</param>
/// <param name="Domain">The domain.</param>
/// <param name="Labeler">Who it was assigned to.</param>
/// <param name="Items">The images to label.</param>
/// <param name="IssuedAt">When it was handed out.</param>
/// <param name="ExpiresAt">Answers after this are refused.</param>
public sealed record TaskBundle(string Id, string Domain, string Labeler, IReadOnlyList<BundleItem> Items, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
