using System.Net.WebSockets;
using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.WebSockets;

/// <summary>A host raising <see cref="WebSocketLimits.MaxMessageBytes"/> well above 64 KiB, as a chat gateway needs.</summary>
public class WebSocketLargeMessageTests
{
    private const int MiB = 1024 * 1024;

    private static readonly WebSocketLimits Gateway = WebSocketLimits.Default with { MaxMessageBytes = MiB, MaxBufferedBytes = 2 * MiB };

    [Fact]
    public void Validate_wants_a_buffer_for_a_whole_message_and_sizes_that_cannot_overflow()
    {
        Assert.Null(Gateway.Validate());
        Assert.Null((Gateway with { MaxBufferedBytes = MiB }).Validate());
        Assert.NotNull((Gateway with { MaxBufferedBytes = MiB - 1 }).Validate());
        Assert.NotNull((Gateway with { MaxMessageBytes = int.MaxValue, MaxBufferedBytes = int.MaxValue }).Validate());
        Assert.NotNull((Gateway with { MaxBufferedBytes = int.MaxValue }).Validate());
    }

    [Fact]
    public void The_assembly_buffer_grows_by_doubling_keeps_every_byte_and_shrinks_after_the_message()
    {
        using var buffer = new PooledMessageBuffer(16 * 1024);
        var chunk = new byte[16 * 1024];
        for (var i = 0; i < 32; i++)
        {
            chunk.AsSpan().Fill((byte)i);
            buffer.Write(chunk);
        }

        Assert.Equal(512 * 1024, buffer.Written.Length);
        Assert.True(buffer.Capacity < 1024 * 1024, buffer.Capacity.ToString());
        for (var i = 0; i < 32; i++)
        {
            Assert.True(buffer.Written.Slice(i * chunk.Length, chunk.Length).IndexOfAnyExcept((byte)i) < 0);
        }

        buffer.Reset();
        Assert.Equal(0, buffer.Written.Length);
        Assert.True(buffer.Capacity <= 32 * 1024, buffer.Capacity.ToString());
    }

    [Fact]
    public async Task A_host_with_a_one_mebibyte_bound_receives_a_half_mebibyte_message_whole()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost(Gateway);
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/big?size=524288")))).Connection;

        var item = Ok(await session.RecvAsync(handle, 5000));

        var binary = Assert.IsType<WebSocketMessage.Binary>(Assert.IsType<WebSocketIncoming.Message>(item.Value).Value);
        Assert.Equal(512 * 1024, binary.Value.Length);
        Assert.True(binary.Value.Span.IndexOfAnyExcept((byte)0) < 0);

        // And sends of that size go out whole (the peer echoes up to 256 KiB).
        var sent = new byte[200 * 1024];
        Random.Shared.NextBytes(sent);
        Ok(await session.SendAsync(handle, new WebSocketMessage.Binary(sent)));
        Assert.Equal(new WebSocketIncoming.Message(new WebSocketMessage.Binary(sent)), Ok(await session.RecvAsync(handle, 5000)).Value);
    }

    [Fact]
    public async Task One_byte_over_a_one_mebibyte_bound_still_closes_with_1009_and_recv_returns_limit()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost(Gateway);
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url($"/big?size={MiB + 1}")))).Connection;

        var limit = Error<Option<WebSocketIncoming>, HostError.Limit>(await session.RecvAsync(handle, 5000));

        Assert.Contains("1009", limit.Message);
        Assert.Contains(MiB.ToString(), limit.Message);
        Assert.True(await WaitFor.TrueAsync(() => peer.ClosesReceived.Contains(WebSocketCloseStatus.MessageTooBig)));
        Assert.True(await WaitFor.TrueAsync(() => host.ConnectionCount == 0));
    }
}
