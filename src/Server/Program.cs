using PropertyFlow.Server.Accounts;
using PropertyFlow.Server.Api;
using PropertyFlow.Server.Cli;
using PropertyFlow.Server.Hosting;
using PropertyFlow.Server.Owners;
using PropertyFlow.Server.WebConsole;

// Command-line verbs (validate, simulate) run and exit; anything else starts the web host.
if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddPropertyFlowServer();
builder.AddPropertyFlowAccounts();
builder.AddPropertyFlowApi();
builder.AddPropertyFlowConsole();
builder.AddPropertyFlowOwners();

var app = builder.Build();
app.UsePropertyFlowConsole(); // localization, static files, routing
app.UsePropertyFlowApi();     // problem details, authentication, authorization
app.UsePropertyFlowOwners();  // owners' public pages: body-size limit, rate limiter
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).WithName("Health");
app.MapPropertyFlowApi();
app.MapPropertyFlowConsole();
app.MapPropertyFlowJobsDashboard();
await app.RunAsync();
return 0;

/// <summary>Entry point type, public so test hosts can start the server.</summary>
public partial class Program;
