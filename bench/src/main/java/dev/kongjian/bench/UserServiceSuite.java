package dev.kongjian.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.kongjian.localstack.LocalStack;

/**
 * user-service under load, through the gateway: profile reads ({@code GET /users/{id}}, a token
 * check at the gateway and at the service, two MongoDB reads and JSON) against the gateway's own
 * health endpoint at the same concurrency; profile-read latency at a fixed 200 requests/s; and
 * logins (Argon2id, meant to cost) at a fixed 10 per second.
 */
final class UserServiceSuite implements Bench.Suite {

    private static final int CLIENTS = 16;

    @Override
    public List<String> run(LocalStack stack, Load load, Duration each) throws Exception {
        String gateway = stack.gatewayUrl();
        Bench.Account reader = Bench.signUp(gateway, "Reader");
        Bench.Account profile = Bench.signUp(gateway, "Profile owner");
        URI profileUri = URI.create(gateway + "/api/v1/users/" + profile.id());
        URI healthUri = URI.create(gateway + "/actuator/health");

        load.warmUp(List.of(profileUri, healthUri), reader.token(), CLIENTS, GatewaySuite.WARM_UP);
        var healthFirst = load.closedLoop("health", healthUri, reader.token(), CLIENTS, each);
        var profileFirst = load.closedLoop("profile", profileUri, reader.token(), CLIENTS, each);
        var profileSecond = load.closedLoop("profile", profileUri, reader.token(), CLIENTS, each);
        var healthSecond = load.closedLoop("health", healthUri, reader.token(), CLIENTS, each);
        var health = Load.mean(healthFirst, healthSecond);
        var profiles = Load.mean(profileFirst, profileSecond);
        var fixed = load.fixedRate("profile at 200/s", profileUri, reader.token(), 200, each);
        String login = "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(reader.username(), reader.password());
        load.fixedRate("warm-up", Load.post(URI.create(gateway + "/api/v1/auth/login"), login), 10,
                Duration.ofSeconds(5));
        var logins = load.fixedRate("logins at 10/s", Load.post(URI.create(gateway + "/api/v1/auth/login"), login), 10,
                each);

        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("## user-service through the gateway");
        lines.add("");
        lines.add("| at " + CLIENTS + " clients | req/s | p50 (ms) | p99 (ms) | target | errors |");
        lines.add("|---|---|---|---|---|---|");
        lines.add(Bench.latencyRow("gateway health (baseline)", health, ""));
        lines.add(Bench.latencyRow("GET /api/v1/users/{id}", profiles,
                "≥ 0.50 of health: **%.2f**".formatted(profiles.throughput() / health.throughput())));
        lines.add("");
        lines.add("| fixed rate | req/s | p50 (ms) | p99 (ms) | target | errors |");
        lines.add("|---|---|---|---|---|---|");
        lines.add(Bench.latencyRow("GET /api/v1/users/{id} at 200/s", fixed, "p99 ≤ 25 ms"));
        lines.add(Bench.latencyRow("POST /api/v1/auth/login at 10/s", logins, "p99 ≤ 300 ms"));
        lines.forEach(System.out::println);
        return lines;
    }
}
