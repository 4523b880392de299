using System.Globalization;
using Serilog;
using Serilog.Formatting.Compact;

namespace DataUnion.Node.Hosting;

/// <summary>Serilog for the node: readable console lines, and rolling JSON files in the data directory.</summary>
public static class LoggingExtensions
{
    /// <summary>Log file size at which a new file is started, in bytes (50 MiB).</summary>
    public const long FileSizeLimitBytes = 50L * 1024 * 1024;

    /// <summary>Log files kept; older ones are deleted.</summary>
    public const int RetainedFileCount = 14;

    /// <summary>Routes all logging through Serilog, configured by the <c>Serilog</c> section for levels.</summary>
    public static WebApplicationBuilder AddNodeLogging(this WebApplicationBuilder builder, DataDirectory dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                formatProvider: CultureInfo.InvariantCulture)
            .WriteTo.File(
                new CompactJsonFormatter(),
                Path.Combine(dataDirectory.LogsDirectory, "node-.json"),
                rollingInterval: RollingInterval.Day,
                fileSizeLimitBytes: FileSizeLimitBytes,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: RetainedFileCount)
            .CreateLogger();

        // Each host owns its logger (the static Log.Logger is only the bootstrap logger), so test
        // hosts in one process keep their files apart; the container disposes and flushes it.
        builder.Services.AddSerilog(logger, dispose: true);
        builder.Services.AddSingleton<Serilog.ILogger>(logger);
        return builder;
    }
}
