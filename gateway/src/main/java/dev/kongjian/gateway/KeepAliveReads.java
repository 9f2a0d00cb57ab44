package dev.kongjian.gateway;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Asks a client's connection for its next request once each response has been written.
 *
 * <p>Reactor Netty (1.3.6, and 1.3.7 still) reads an HTTP/1.1 connection on demand and can forget
 * to ask again: when a request arrives before the previous one has quite finished, it is queued,
 * and if the queued request is then answered at once (a 401 or 404 the gateway writes itself),
 * the queue drains without a read being requested (reactor-netty#4347, #4361). The response goes
 * out, the connection stays open, and the client's next request on it is never read: a mobile app
 * waits for its own timeout. Seen as 20-second hangs in the system tests: about one in thirty
 * rounds of their requests hung on the request after a quick 401 or 404.
 *
 * <p>An extra read on a connection that is already reading changes nothing; a request read while
 * another is in progress is queued by Reactor Netty as before. The read is asked for on the next
 * turn of the connection's event loop, after Reactor Netty has finished with its queue. Installed
 * by {@link ServerPipeline}.
 */
@ChannelHandler.Sharable
final class KeepAliveReads extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        boolean endOfResponse = message instanceof LastHttpContent;
        ctx.write(message, promise);
        if (endOfResponse) {
            ctx.executor().execute(() -> {
                if (ctx.channel().isActive()) {
                    ctx.read();
                }
            });
        }
    }
}
