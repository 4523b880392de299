using System.Net.Sockets;
using DataUnion.Chain;
using DataUnion.Storage;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Hosting;

/// <summary>
/// Turns the exceptions a misconfigured or blocked start produces into one line an operator can
/// act on. Anything else is a bug and is logged with its stack trace instead.
/// </summary>
public static class StartupFailure
{
    /// <summary>Process exit code for a start refused because of configuration or environment.</summary>
    public const int ExitCode = 2;

    /// <summary>The operator-facing reason, or null when <paramref name="exception"/> is not a known startup failure.</summary>
    public static string? Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            NodeStartupException or ChainStartupException or StorageException => exception.Message,
            OptionsValidationException options => "invalid configuration: " + string.Join("; ", options.Failures.Select(StripDataAnnotationPrefix)),
            InvalidDataException { InnerException: { } inner } when exception.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase) =>
                $"{exception.Message} {inner.Message}",
            IOException { InnerException: SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } } or
                IOException when exception.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
                $"the HTTP port is already in use (Http:Port): {exception.Message}",
            AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
            _ => null,
        };
    }

    // DataAnnotations prefixes every message with "DataAnnotation validation failed for '<Type>' members: ...";
    // the messages here already name the setting, so keep only the part after "with the error:".
    private static string StripDataAnnotationPrefix(string failure)
    {
        const string marker = "with the error: '";
        var index = failure.IndexOf(marker, StringComparison.Ordinal);
        return index < 0 ? failure : failure[(index + marker.Length)..].TrimEnd('.').TrimEnd('\'');
    }
}
