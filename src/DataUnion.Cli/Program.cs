using DataUnion.Cli;

return await CliApp.RunAsync(args, CliConsole.System());
