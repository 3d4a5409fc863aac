using System.CommandLine;
using PropertyFlow.Engine.Parsing;
using PropertyFlow.Workflows;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Notices;
using PropertyFlow.Workflows.Notices.Outbox;

namespace PropertyFlow.Server.Cli;

/// <summary>
/// <c>validate FILE...</c>: parses each file the way a deploy would and prints <c>FILE: ok</c> (and
/// <c>FILE: building blocks: a, b</c> for topics the server runs itself and <c>FILE: external topics: c</c> for the
/// ones left to external workers), or one line per problem,
/// <c>FILE:LINE:COL: elementId: message</c>. Exits 0 only when every file is deployable.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "BPMN files to check" };
        var command = new Command("validate", "Check BPMN files the way a deploy would.") { files };
        command.SetAction((parse, _) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var parser = new BpmnParser();
            var builtIn = BuiltInTopics();
            var allDeployable = true;
            foreach (var file in parse.GetValue(files)!)
            {
                allDeployable &= Validate(parser, builtIn, file, output);
            }

            return Task.FromResult(allDeployable ? 0 : 1);
        });
        return command;
    }

    /// <summary>The topics the server runs in-process (the building blocks of the domain and the notices).</summary>
    private static HashSet<string> BuiltInTopics()
    {
        var services = new ServiceCollection();
        services.AddLogging();

        // The handlers are only described, never run: the databases named here are never opened.
        var unused = Path.Combine(Path.GetTempPath(), "propertyflow-validate-unused.db");
        services.AddPropertyFlowDomain(db => db.UsePropertySqlite(unused));
        services.AddPropertyFlowNotices(db => db.UseNoticeSqlite(unused));
        using var provider = services.BuildServiceProvider();
        return [.. provider.GetRequiredService<ServiceTaskCatalog>().All.Select(d => d.Topic)];
    }

    private static bool Validate(BpmnParser parser, HashSet<string> builtIn, FileInfo file, TextWriter output)
    {
        var name = file.ToString();
        BpmnParseResult result;
        try
        {
            using var stream = Locate(file, name).OpenRead();
            result = parser.Parse(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot read the file: {e.Message}";
            output.WriteLine($"{name}: {reason}");
            return false;
        }

        foreach (var problem in result.Problems)
        {
            // A problem without a position reads "FILE: message", one with a position "FILE:LINE:COL: …".
            output.WriteLine(problem.Line > 0 ? $"{name}:{problem}" : $"{name}: {problem}");
        }

        if (!result.IsDeployable)
        {
            return false;
        }

        output.WriteLine($"{name}: ok");
        var blocks = result.ExternalTopicsHint.Where(builtIn.Contains).ToList();
        var external = result.ExternalTopicsHint.Where(t => !builtIn.Contains(t)).ToList();
        if (blocks.Count > 0)
        {
            output.WriteLine($"{name}: building blocks: {string.Join(", ", blocks)}");
        }

        if (external.Count > 0)
        {
            output.WriteLine($"{name}: external topics: {string.Join(", ", external)}");
        }

        return true;
    }

    /// <summary>
    /// <c>dotnet run --project src/Server</c> starts in the project folder (the Web SDK's RunWorkingDirectory), so a
    /// path typed relative to the repository root would miss; a relative path not found here is also looked up in the
    /// parent folders. Output still shows the path as typed.
    /// </summary>
    private static FileInfo Locate(FileInfo file, string typed)
    {
        if (file.Exists || Path.IsPathRooted(typed))
        {
            return file;
        }

        for (var folder = Directory.GetParent(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = new FileInfo(Path.Combine(folder.FullName, typed));
            if (candidate.Exists)
            {
                return candidate;
            }
        }

        return file;
    }
}
