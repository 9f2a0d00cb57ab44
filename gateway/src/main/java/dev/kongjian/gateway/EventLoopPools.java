package dev.kongjian.gateway;

import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.TransportConfig;

/**
 * The gateway's connections to the services, one pool per event loop: a request is sent on a
 * connection served by the event loop that read it, so the service's answer is read and written
 * back to the app by one thread.
 *
 * <p>With Reactor Netty's single pool a request read by one event loop was usually given a
 * connection of another (with four loops, three times in four), and every part of the answer then
 * crossed threads: a task handed to the other loop and a wake-up of it. Measured on the 2-core
 * development machine (the gateway restarted and warmed the same way each time, 50 clients):
 * home-feed pages through the gateway took 948-998 µs of its CPU each with one pool, 782-813 µs
 * with these (920-990 pages/s before, 1,103-1,114 after); the profile's share of work run as tasks
 * on the loops fell from 21% to 8.5%. Reactor Netty opens a new connection on the event loop that
 * asks for it (colocation), so each pool's connections belong to its loop.
 *
 * <p>The configured limit per service instance is shared out between the pools, so the gateway
 * still opens at most that many connections to an instance. An acquisition made off the event
 * loops (none is in the gateway's own path) takes the pools in turn.
 */
final class EventLoopPools implements ConnectionProvider {

    private final ConnectionProvider[] pools;
    private final AtomicInteger loopsSeen = new AtomicInteger();
    private final FastThreadLocal<ConnectionProvider> poolOfLoop = new FastThreadLocal<>() {
        @Override
        protected ConnectionProvider initialValue() {
            return inTurn(loopsSeen);
        }
    };
    private final AtomicInteger offLoopTurn = new AtomicInteger();
    private final int maxConnections;
    private final String name;

    /**
     * @param template the pool as configured (its limit is the total for all pools)
     * @param loops    how many event loops may ask for connections
     */
    EventLoopPools(ConnectionProvider template, int loops) {
        this.maxConnections = template.maxConnections();
        this.name = template.name();
        int count = Math.max(1, Math.min(loops, maxConnections));
        this.pools = new ConnectionProvider[count];
        for (int i = 0; i < count; i++) {
            int share = maxConnections / count + (i < maxConnections % count ? 1 : 0);
            pools[i] = template.mutate().name(name + "-" + i).maxConnections(share).build();
        }
        template.dispose();
    }

    @Override
    public Mono<? extends Connection> acquire(TransportConfig config, ConnectionObserver observer,
            Supplier<? extends SocketAddress> remoteAddress, AddressResolverGroup<?> resolverGroup) {
        return poolOfThisThread().acquire(config, observer, remoteAddress, resolverGroup);
    }

    private ConnectionProvider poolOfThisThread() {
        // Netty's event loops run on FastThreadLocalThreads; the first loops to ask get a pool each in turn
        return Thread.currentThread() instanceof FastThreadLocalThread ? poolOfLoop.get() : inTurn(offLoopTurn);
    }

    private ConnectionProvider inTurn(AtomicInteger counter) {
        return pools[Math.floorMod(counter.getAndIncrement(), pools.length)];
    }

    /** How many pools the connections are shared out between. */
    int poolCount() {
        return pools.length;
    }

    @Override
    public int maxConnections() {
        return maxConnections;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void disposeWhen(SocketAddress address) {
        for (ConnectionProvider pool : pools) {
            pool.disposeWhen(address);
        }
    }

    @Override
    public Mono<Void> disposeLater() {
        return Flux.fromArray(pools).flatMap(ConnectionProvider::disposeLater).then();
    }

    @Override
    public boolean isDisposed() {
        for (ConnectionProvider pool : pools) {
            if (!pool.isDisposed()) {
                return false;
            }
        }
        return true;
    }
}
