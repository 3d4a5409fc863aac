using PropertyFlow.Server.Cli;
using PropertyFlow.Server.WebConsole;
using PropertyFlow.Server.Hosting;

// Command-line verbs (validate, simulate) run and exit; anything else starts the web host.
if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddPropertyFlowServer();
builder.AddPropertyFlowConsole();

var app = builder.Build();
app.UsePropertyFlowConsole();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).WithName("Health");
await app.RunAsync();
return 0;

/// <summary>Entry point type, public so test hosts can start the server.</summary>
public partial class Program;
