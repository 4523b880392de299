namespace DataUnion.Core.Pinning;

/// <summary>How much of a DAG a pin keeps.</summary>
public enum PinMode
{
    /// <summary>The block itself only.</summary>
    Direct,

    /// <summary>The block and everything it links to.</summary>
    Recursive,
}
