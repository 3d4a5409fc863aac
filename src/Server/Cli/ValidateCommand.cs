using System.CommandLine;

namespace PropertyFlow.Server.Cli;

/// <summary><c>validate FILE...</c>: prints <c>FILE: ok</c> or one line per problem.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "BPMN files to check" };
        var command = new Command("validate", "Check BPMN files the way a deploy would.") { files };
        command.SetAction((parse, _) =>
        {
            // Placeholder until the parser lands.
            foreach (var f in parse.GetValue(files)!)
            {
                parse.InvocationConfiguration.Output.WriteLine($"{f}: ok");
            }

            return Task.FromResult(0);
        });
        return command;
    }
}
