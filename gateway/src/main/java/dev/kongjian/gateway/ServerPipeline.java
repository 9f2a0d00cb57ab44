package dev.kongjian.gateway;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

import io.netty.channel.ChannelHandler;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway's own handlers in each client connection's Netty pipeline, just before Reactor
 * Netty's HTTP handling, where they see every response it writes: {@link KeepAliveReads} and
 * {@link DecodingFailureProblems}. Both are stateless and shared by every connection.
 */
@Component
class ServerPipeline implements NettyServerCustomizer {

    private static final ChannelHandler KEEP_ALIVE_READS = new KeepAliveReads();
    private static final ChannelHandler DECODING_FAILURE_PROBLEMS = new DecodingFailureProblems();

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
                channel.pipeline()
                        .addBefore(NettyPipeline.HttpTrafficHandler, "kongjian.keepAliveReads", KEEP_ALIVE_READS)
                        .addBefore(NettyPipeline.HttpTrafficHandler, "kongjian.decodingFailureProblems",
                                DECODING_FAILURE_PROBLEMS);
            }
        });
    }
}
