namespace DataUnion.Cli;

/// <summary>A keystore password: from a file's first line, else <c>DATAUNION_WALLET_PASSWORD</c>, else a prompt that does not echo.</summary>
internal static class PasswordInput
{
    /// <summary>Environment variable holding the keystore password (for services; prefer a file).</summary>
    public const string Variable = "DATAUNION_WALLET_PASSWORD";

    public static string Read(string? file, CliConsole console, bool confirm)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (file is not null)
        {
            try
            {
                using var reader = new StreamReader(file);
                return reader.ReadLine() is { Length: > 0 } line ? line : throw new CliFailureException($"the password file '{file}' is empty");
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new CliFailureException($"cannot read the password file '{file}': {ex.Message}");
            }
        }

        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (Console.IsInputRedirected)
        {
            throw new CliFailureException($"no keystore password: give --password-file, set {Variable}, or run in a terminal to be asked");
        }

        var password = Prompt(console, "Keystore password: ");
        if (confirm && Prompt(console, "Repeat the password: ") != password)
        {
            throw new CliFailureException("the two passwords differ");
        }

        return password;
    }

    /// <summary>Reads a line from the terminal without echoing it.</summary>
    private static string Prompt(CliConsole console, string question)
    {
        console.Error.Write(question);
        var text = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        console.Error.WriteLine();
        return text.ToString();
    }
}
