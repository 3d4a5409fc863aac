using PropertyFlow.Server.Accounts;
using PropertyFlow.Server.Api;
using PropertyFlow.Server.Cli;
using PropertyFlow.Server.Hosting;

// Command-line verbs (validate, simulate) run and exit; anything else starts the web host.
if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddPropertyFlowServer();
builder.AddPropertyFlowAccounts();
builder.AddPropertyFlowApi();
builder.Services.AddRazorPages();

var app = builder.Build();
app.UsePropertyFlowApi();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).WithName("Health");
app.MapPropertyFlowApi();
app.MapRazorPages();
await app.RunAsync();
return 0;

/// <summary>Entry point type, public so test hosts can start the server.</summary>
public partial class Program;
