package dev.kongjian.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.kongjian.localstack.LocalStack;
import dev.kongjian.localstack.ServiceProcess;

/**
 * What the gateway costs: an authenticated GET through the gateway against the same GET
 * straight to user-service, for a trivial handler (the JWKS document, which still checks the
 * token) and a realistic one ({@code /users/me}: one MongoDB read and JSON); throughput at a
 * fixed number of clients, and latency at a fixed rate. Then the same with Reactor Netty's
 * native transport switched off in the gateway (spring-cloud-gateway issue 4209).
 */
final class GatewaySuite implements Bench.Suite {

    private static final int CLIENTS = 16;
    private static final int FIXED_RATE = 500;
    static final Duration WARM_UP = Duration.ofMinutes(5);

    @Override
    public List<String> run(LocalStack stack, Load load, Duration each) throws Exception {
        String token = Bench.signUp(stack.gatewayUrl(), "Gateway bench").token();
        int userPort = stack.process("user-service").map(ServiceProcess::port).orElseThrow();
        List<String> report = new ArrayList<>();
        report.addAll(measure("native transport (default)", load, stack.gatewayUrl(), "http://127.0.0.1:" + userPort,
                token, each));
        stack.relaunch("gateway", List.of("-Dreactor.netty.native=false"));
        report.addAll(measure("-Dreactor.netty.native=false (NIO)", load, stack.gatewayUrl(),
                "http://127.0.0.1:" + userPort, token, each));
        return report;
    }

    private static List<String> measure(String transport, Load load, String gateway, String direct, String token,
            Duration each) {
        URI gatewayTrivial = URI.create(gateway + "/.well-known/jwks.json");
        URI directTrivial = URI.create(direct + "/.well-known/jwks.json");
        URI gatewayProfile = URI.create(gateway + "/api/v1/users/me");
        URI directProfile = URI.create(direct + "/api/v1/users/me");
        load.warmUp(List.of(gatewayTrivial, directTrivial, gatewayProfile, directProfile), token, CLIENTS, WARM_UP);
        var trivial = abba(load, "trivial", gatewayTrivial, directTrivial, token, each);
        var profile = abba(load, "profile", gatewayProfile, directProfile, token, each);
        String atFixedRate = "/users/me at " + FIXED_RATE + "/s, ";
        var fixedDirect = load.fixedRate(atFixedRate + "direct", directProfile, token, FIXED_RATE, each);
        var fixedGateway = load.fixedRate(atFixedRate + "through the gateway with " + transport, gatewayProfile,
                token, FIXED_RATE, each);

        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("## Gateway with " + transport);
        lines.add("");
        lines.add("| handler | through gateway (req/s) | direct (req/s) | ratio | target | errors |");
        lines.add("|---|---|---|---|---|---|");
        lines.add(row("trivial: GET /.well-known/jwks.json with a token", trivial, 0.40));
        lines.add(row("realistic: GET /api/v1/users/me (MongoDB read + JSON)", profile, 0.80));
        lines.add("");
        lines.add("| at " + FIXED_RATE + " req/s, /api/v1/users/me | p50 (ms) | p99 (ms) | errors |");
        lines.add("|---|---|---|---|");
        lines.add("| direct | %.2f | %.2f | %d |".formatted(fixedDirect.p50Millis(), fixedDirect.p99Millis(),
                fixedDirect.errors()));
        lines.add("| through gateway | %.2f | %.2f | %d |".formatted(fixedGateway.p50Millis(), fixedGateway.p99Millis(),
                fixedGateway.errors()));
        lines.add("| **added by the gateway** | %.2f | **%.2f** (target ≤ 2) | |".formatted(
                fixedGateway.p50Millis() - fixedDirect.p50Millis(), fixedGateway.p99Millis() - fixedDirect.p99Millis()));
        lines.forEach(System.out::println);
        return lines;
    }

    private record Pair(Load.Result gateway, Load.Result direct) {
        double ratio() {
            return gateway.throughput() / direct.throughput();
        }
    }

    private static Pair abba(Load load, String name, URI gateway, URI direct, String token, Duration each) {
        var directFirst = load.closedLoop(name + " direct", direct, token, CLIENTS, each);
        var gatewayFirst = load.closedLoop(name + " gateway", gateway, token, CLIENTS, each);
        var gatewaySecond = load.closedLoop(name + " gateway", gateway, token, CLIENTS, each);
        var directSecond = load.closedLoop(name + " direct", direct, token, CLIENTS, each);
        return new Pair(Load.mean(gatewayFirst, gatewaySecond), Load.mean(directFirst, directSecond));
    }

    private static String row(String handler, Pair pair, double target) {
        return "| %s | %.0f | %.0f | **%.2f** | ≥ %.2f | %d |".formatted(handler, pair.gateway().throughput(),
                pair.direct().throughput(), pair.ratio(), target, pair.gateway().errors() + pair.direct().errors());
    }
}
