using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PropertyFlow.Postgres.Tests.Cluster;

/// <summary>
/// A REST client of one node, signed in with the console's cookie (the cookie may have been issued by another node:
/// the nodes share their Data Protection key ring). One sign-in instead of HTTP Basic on every call keeps the password
/// hashing off a loaded 2-core machine. Tasks are completed as their assignee (the engine lets only the assignee
/// complete an assigned task), so the client holds one cookie per user; the first is the default.
/// </summary>
public sealed class NodeClient : IDisposable
{
    /// <summary>The customer-service staff the complaint process assigns complaints to (demo data), plus the role account.</summary>
    public static readonly string[] Staff = ["cs.li", "cs.zhang", "cs.wang"];

    private readonly HttpClient _http;
    private readonly IReadOnlyDictionary<string, string> _cookies;
    private readonly string _default;

    public NodeClient(Uri address, string cookie)
        : this(address, new Dictionary<string, string> { [""] = cookie })
    {
    }

    /// <summary>A client that acts as any of <paramref name="cookies"/>' users (user name → cookie); the first is the default.</summary>
    public NodeClient(Uri address, IReadOnlyDictionary<string, string> cookies)
    {
        ArgumentNullException.ThrowIfNull(cookies);
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(3), // a loaded CI machine; never a timing assertion
        };
        _cookies = cookies;
        _default = cookies.Values.First();
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>
    /// Signs in as admin on <paramref name="address"/>, creates the customer-service staff's accounts (<see cref="Staff"/>,
    /// role customer-service) and signs each in there; returns user name → cookie, the role account
    /// <c>customer-service</c> first.
    /// </summary>
    public static async Task<Dictionary<string, string>> SignInStaffAsync(Uri address, string password)
    {
        var cookies = new Dictionary<string, string> { ["customer-service"] = await SignInAsync(address, "customer-service", password) };
        using var admin = new NodeClient(address, await SignInAsync(address, "admin", password));
        foreach (var user in Staff)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/accounts", UriKind.Relative))
            {
                Content = JsonContent.Create(new { userName = user, displayName = user, roles = new[] { "customer-service" }, password }),
            };
            request.Headers.Add("Cookie", admin._default);
            using var created = await admin._http.SendAsync(request);
            Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"create account {user}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            cookies[user] = await SignInAsync(address, user, password);
        }

        return cookies;
    }

    private HttpRequestMessage Request(HttpMethod method, string path, object? body = null, string? asUser = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("Cookie", asUser is not null && _cookies.TryGetValue(asUser, out var cookie) ? cookie : _default);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    /// <summary>Signs in on <paramref name="address"/> and returns the cookie header value (<c>pf.auth=…</c>).</summary>
    public static async Task<string> SignInAsync(Uri address, string userName, string password)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        using var response = await http.PostAsJsonAsync(new Uri("api/auth/sign-in", UriKind.Relative), new { userName, password });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in as {userName} on {address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var cookie = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("pf.auth=", StringComparison.Ordinal));
        return cookie;
    }

    /// <summary>The signed-in account's user name (<c>GET /api/auth/me</c>), or the status code when refused.</summary>
    public async Task<(HttpStatusCode Status, string? UserName)> MeAsync()
    {
        using var request = Request(HttpMethod.Get, "api/auth/me");
        using var response = await _http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }

        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, me.GetProperty("userName").GetString());
    }

    /// <summary>Starts a complaint (<c>POST /api/instances</c>); returns the instance id.</summary>
    public async Task<Guid> StartComplaintAsync(string businessKey)
    {
        var body = new
        {
            processKey = "complaint",
            businessKey,
            variables = new Dictionary<string, object>
            {
                ["community"] = "SG",
                ["category"] = "service",
                ["description"] = $"Lobby door left open ({businessKey}) 大堂门未关",
                ["unit"] = "1-1-101",
                ["ownerEmail"] = $"{businessKey}@owners.example",
                ["severity"] = "normal",
                ["urgent"] = false,
                ["channel"] = "phone",
            },
        };
        using var request = Request(HttpMethod.Post, "api/instances", body);
        using var response = await _http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new HttpRequestException($"start {businessKey} on {Address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Completes a task (<c>POST /api/tasks/{id}/complete</c>) as <paramref name="asUser"/> (the default user when null); returns the status code.</summary>
    public async Task<HttpStatusCode> CompleteAsync(Guid taskId, IReadOnlyDictionary<string, object> values, string? asUser = null)
    {
        using var request = Request(HttpMethod.Post, $"api/tasks/{taskId}/complete", new { values }, asUser);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The task's state (<c>GET /api/tasks/{id}</c>): <c>Open</c>, <c>Completed</c>…</summary>
    public async Task<string?> TaskStateAsync(Guid taskId)
    {
        using var request = Request(HttpMethod.Get, $"api/tasks/{taskId}");
        using var response = await _http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var detail = await response.Content.ReadFromJsonAsync<JsonElement>();
        return detail.GetProperty("task").GetProperty("state").ToString();
    }

    public void Dispose() => _http.Dispose();
}
