namespace DataUnion.Storage.Labeling;

/// <summary>
/// LiteDB stores UTC but hands dates back as local time; every stored time goes through here on
/// its way in and out, so comparisons with the clock's UTC "now" hold in any time zone.
/// </summary>
internal static class StoredTime
{
    public static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };

    public static DateTime? Utc(DateTime? value) => value is { } v ? Utc(v) : null;

    public static DateTimeOffset Offset(DateTime value) => new(Utc(value));

    public static DateTimeOffset? Offset(DateTime? value) => value is { } v ? Offset(v) : null;
}
