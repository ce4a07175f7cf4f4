using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yoi.Runtime.Tests.Tls;

namespace Yoi.Runtime.Tests.Requests;

/// <summary>
/// A well-behaved HTTP server on 127.0.0.1, port 0 (Kestrel). Paths: /redirect answers 302 to /echo;
/// /size?n=N sends N bytes; /headers?n=N&amp;size=S sends N extra headers of S bytes; /gzip sends a gzip body with
/// Content-Encoding: gzip; anything else echoes the body back with x-method, x-raw-target and
/// x-request-headers (the names it received). Counts requests. Given a <see cref="ServerCertificate"/>, it serves https.
/// </summary>
internal sealed class HttpKestrelPeer : IAsyncDisposable
{
    public static readonly byte[] GzipPayload = Compress("hello hello hello hello"u8.ToArray());

    private readonly WebApplication _app;
    private int _hits;

    private HttpKestrelPeer(WebApplication app, bool secure)
    {
        _app = app;
        Scheme = secure ? "https" : "http";
    }

    public string Scheme { get; }

    public int Port { get; private set; }

    public int Hits => Volatile.Read(ref _hits);

    public string Url(string pathAndQuery, string host = "127.0.0.1") => $"{Scheme}://{host}:{Port}{pathAndQuery}";

    public static async Task<HttpKestrelPeer> StartAsync(ServerCertificate? tls = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => tls?.Use(listen)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var peer = new HttpKestrelPeer(app, tls is not null);
        app.Run(peer.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        peer.Port = new Uri(address).Port;
        return peer;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _hits);
        var query = context.Request.Query;
        var response = context.Response;
        switch (context.Request.Path.Value)
        {
            case "/redirect":
                response.StatusCode = 302;
                response.Headers.Location = "/echo";
                return;
            case "/size":
                var size = int.Parse(query["n"]!);
                response.ContentLength = size;
                await response.Body.WriteAsync(new byte[size], context.RequestAborted);
                return;
            case "/headers":
                var value = new string('v', query.ContainsKey("size") ? int.Parse(query["size"]!) : 1);
                for (var i = 0; i < int.Parse(query["n"]!); i++)
                {
                    response.Headers[$"x-h{i}"] = value;
                }

                return;
            case "/gzip":
                response.Headers.ContentEncoding = "gzip";
                await response.Body.WriteAsync(GzipPayload, context.RequestAborted);
                return;
        }

        response.Headers["x-method"] = context.Request.Method;
        response.Headers["x-raw-target"] = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        response.Headers["x-request-headers"] = string.Join(",", context.Request.Headers.Keys.Select(k => k.ToLowerInvariant()).Order());
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        await response.Body.WriteAsync(body.ToArray(), context.RequestAborted);
    }

    private static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
