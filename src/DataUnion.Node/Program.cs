using DataUnion.Node.Hosting;
using Serilog;

// The bootstrap logger reports startup failures until the host's own logger takes over.
Log.Logger = new LoggerConfiguration()
    .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
    .CreateBootstrapLogger();

try
{
    await using var app = NodeApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.Describe(ex) is { } reason)
{
    Log.Fatal("The node cannot start: {Reason}", reason);
    return StartupFailure.ExitCode;
}
catch (Exception ex)
{
    Log.Fatal(ex, "The node stopped unexpectedly");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
