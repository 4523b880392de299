namespace DataUnion.Core.Pinning;

/// <summary>
/// Who holds a pin. A CID stays pinned while any owner holds it, and each owner can let go only of
/// its own hold, so no one can unpin what another still needs (an image in labeling, a published
/// version, a pinning-service request).
/// </summary>
/// <param name="Value">The stored form, <c>kind</c> or <c>kind:id</c>.</param>
public readonly record struct PinOwner(string Value)
{
    /// <summary>Longest stored form, in characters.</summary>
    public const int MaxLength = 256;

    /// <summary>The operator through the Kubo RPC API (<c>add</c>, <c>pin add</c>, <c>dag import</c>) and the CLI.</summary>
    public static PinOwner KuboRpc { get; } = new("rpc");

    /// <summary>A request of the Pinning Services API.</summary>
    public static PinOwner PinRequest(string requestId) => Of("pin-request", requestId);

    /// <summary>A labeling domain that has the image up for labeling.</summary>
    public static PinOwner Labeling(string domain) => Of("labeling", domain);

    /// <summary>A member's contribution of an image, from upload until it expires unsigned or is withdrawn.</summary>
    public static PinOwner Contribution(string contentKey) => Of("contribution", contentKey);

    /// <summary>A dataset version, by its publishing key.</summary>
    public static PinOwner Version(string key) => Of("version", key);

    /// <inheritdoc />
    public override string ToString() => Value;

    private static PinOwner Of(string kind, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var value = $"{kind}:{id}";
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value.Length, MaxLength, nameof(id));
        return new PinOwner(value);
    }
}
