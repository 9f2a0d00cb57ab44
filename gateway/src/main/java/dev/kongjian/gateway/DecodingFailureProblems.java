package dev.kongjian.gateway;

import org.springframework.http.HttpStatus;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives a problem document to the requests Reactor Netty refuses before Spring sees them: a
 * request line longer than 4 KB ({@code 414}), headers over 8 KB ({@code 431}) or a request it
 * cannot parse ({@code 400}). Reactor Netty answers those itself with an empty body and closes
 * the connection; the app gets the same status with the same kind of body as every other error.
 * Installed by {@link ServerPipeline}.
 */
@ChannelHandler.Sharable
final class DecodingFailureProblems extends ChannelOutboundHandlerAdapter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        if (message instanceof FullHttpResponse response && isDecodingFailure(response)) {
            HttpStatus status = HttpStatus.valueOf(response.status().code());
            byte[] body = JSON.writeValueAsBytes(Problems.of(status, "invalid-request", detail(status)));
            FullHttpResponse problem = response.replace(Unpooled.wrappedBuffer(body));
            problem.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            response.release();
            ctx.write(problem, promise);
            return;
        }
        ctx.write(message, promise);
    }

    /**
     * Reactor Netty's own answer: 400, 414 or 431, no body, no content type, and the
     * connection closing. Anything Spring or a service wrote has a body or a content type. (Every
     * response the gateway writes passes here: the cheapest checks come first.)
     */
    private static boolean isDecodingFailure(FullHttpResponse response) {
        int status = response.status().code();
        return (status == 400 || status == 414 || status == 431) && response.content().readableBytes() == 0
                && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)
                && response.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
    }

    private static String detail(HttpStatus status) {
        return switch (status) {
            case URI_TOO_LONG -> "The request's path and query are too long";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request's headers are too large";
            default -> "The request is not valid HTTP";
        };
    }
}
