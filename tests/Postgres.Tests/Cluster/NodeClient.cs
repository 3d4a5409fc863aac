using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PropertyFlow.Postgres.Tests.Cluster;

/// <summary>
/// A REST client of one node, signed in with the console's cookie (the cookie may have been issued by another node:
/// the nodes share their Data Protection key ring). One sign-in instead of HTTP Basic on every call keeps the password
/// hashing off a loaded 2-core machine.
/// </summary>
public sealed class NodeClient : IDisposable
{
    private readonly HttpClient _http;

    public NodeClient(Uri address, string cookie)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(3), // a loaded CI machine; never a timing assertion
        };
        _http.DefaultRequestHeaders.Add("Cookie", cookie);
        Address = address;
    }

    public Uri Address { get; }

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
        using var response = await _http.GetAsync(new Uri("api/auth/me", UriKind.Relative));
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
                ["unit"] = "1-101",
                ["ownerEmail"] = $"{businessKey}@owners.example",
                ["severity"] = "normal",
                ["urgent"] = false,
                ["channel"] = "phone",
            },
        };
        using var response = await _http.PostAsJsonAsync(new Uri("api/instances", UriKind.Relative), body);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new HttpRequestException($"start {businessKey} on {Address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Completes a task (<c>POST /api/tasks/{id}/complete</c>); returns the status code.</summary>
    public async Task<HttpStatusCode> CompleteAsync(Guid taskId, IReadOnlyDictionary<string, object> values)
    {
        using var response = await _http.PostAsJsonAsync(new Uri($"api/tasks/{taskId}/complete", UriKind.Relative), new { values });
        return response.StatusCode;
    }

    /// <summary>The task's state (<c>GET /api/tasks/{id}</c>): <c>Open</c>, <c>Completed</c>…</summary>
    public async Task<string?> TaskStateAsync(Guid taskId)
    {
        using var response = await _http.GetAsync(new Uri($"api/tasks/{taskId}", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var detail = await response.Content.ReadFromJsonAsync<JsonElement>();
        return detail.GetProperty("task").GetProperty("state").ToString();
    }

    public void Dispose() => _http.Dispose();
}
