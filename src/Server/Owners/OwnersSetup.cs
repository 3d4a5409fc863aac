using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using PropertyFlow.Server.WebConsole;

namespace PropertyFlow.Server.Owners;

/// <summary>
/// The owners' public pages (<c>/o/...</c>, no account): their services, the per-address rate limit of the complaint
/// form (ASP.NET Core's rate limiter) and the body-size limit of every public post.
/// </summary>
public static class OwnersSetup
{
    /// <summary>The rate-limiting policy on the complaint form (posts only; reading the form is not counted).</summary>
    public const string ComplaintPolicy = "owner-complaint";

    /// <summary>The path prefix of the owners' pages.</summary>
    public const string PathPrefix = "/o";

    /// <summary>The path prefix of the owners' public REST resource (the same services as the pages).</summary>
    public const string ApiPrefix = "/api/public";

    public static WebApplicationBuilder AddPropertyFlowOwners(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<OwnersOptions>().BindConfiguration(OwnersOptions.Section)
            .Validate(o => o.ComplaintPermitLimit > 0 && o.ComplaintWindow > TimeSpan.Zero && o.MaxBodyBytes > 0 && o.LinkLifetimeAfterClose > TimeSpan.Zero,
                "PropertyFlow:Owners: limits, window, body size and link lifetime must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<OwnerComplaints>();
        builder.Services.AddScoped<OwnerSurveys>();
        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(ComplaintPolicy, context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }

                var options = context.RequestServices.GetRequiredService<IOptions<OwnersOptions>>().Value;
                var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
                return RateLimitPartition.GetFixedWindowLimiter(AddressKey(address), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.ComplaintPermitLimit,
                    Window = options.ComplaintWindow,
                    QueueLimit = 0,
                });
            });
            o.OnRejected = (rejected, ct) => RejectAsync(rejected.HttpContext, rejected.Lease, ct);
        });
        return builder;
    }

    /// <summary>After routing (the limiter reads the page's policy): the body-size limit, then the rate limiter.</summary>
    public static WebApplication UsePropertyFlowOwners(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(LimitBodyAsync);
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// IPv6 clients are limited per /64 (one home or phone usually holds a whole /64), IPv4 per address, so
    /// rotating through one's own addresses does not reset the limit.
    /// </summary>
    internal static string AddressKey(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }

    private static async Task LimitBodyAsync(HttpContext context, RequestDelegate next)
    {
        if (IsPublic(context.Request) && !HttpMethods.IsGet(context.Request.Method)
            && !HttpMethods.IsHead(context.Request.Method))
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<OwnersOptions>>().Value.MaxBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "owners.tooLarge", context.RequestAborted);
                return;
            }

            // A body without a length (chunked) is cut off by the server at the same size.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit;
            }

            context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions
            {
                MultipartBodyLengthLimit = limit,
                ValueLengthLimit = (int)Math.Min(limit, int.MaxValue),
            }));
        }

        await next(context);
    }

    private static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease, CancellationToken ct)
    {
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await RefuseAsync(context, StatusCodes.Status429TooManyRequests, "owners.tooMany", ct);
    }

    private static bool IsPublic(HttpRequest request) =>
        request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments(ApiPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>A refusal before any page or endpoint runs: problem details on the API, a small page elsewhere.</summary>
    private static async Task RefuseAsync(HttpContext context, int status, string key, CancellationToken ct)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await WritePageAsync(context, status, key, ct);
            return;
        }

        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = status,
                Title = ConsoleText.Get(key, english: true) + " " + ConsoleText.Get(key, english: false),
            },
        });
    }

    /// <summary>A small bilingual page for answers the pipeline gives before any Razor page runs.</summary>
    private static async Task WritePageAsync(HttpContext context, int status, string key, CancellationToken ct)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        var zh = WebUtility.HtmlEncode(ConsoleText.Get(key, english: false));
        var en = WebUtility.HtmlEncode(ConsoleText.Get(key, english: true));
        await context.Response.WriteAsync(
            $"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{status}</title></head><body><main><h1 id="owner-refused">{zh}</h1><p lang="en">{en}</p></main></body></html>""",
            ct);
    }
}
