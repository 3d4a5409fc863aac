using System.CommandLine;

namespace PropertyFlow.Server.Cli;

/// <summary>The server's command-line verbs.</summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["validate", "simulate", "--help", "-h", "-?"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var root = new RootCommand("PropertyFlow — BPMN process engine and console for property management.")
        {
            ValidateCommand.Create(),
            SimulateCommand.Create(),
        };
        var config = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        return root.Parse(args).InvokeAsync(config);
    }
}
