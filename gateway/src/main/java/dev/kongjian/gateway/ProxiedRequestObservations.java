package dev.kongjian.gateway;

import org.springframework.cloud.gateway.filter.headers.observation.DefaultGatewayObservationConvention;
import org.springframework.stereotype.Component;

/**
 * Names the observation of every call the gateway proxies {@value #NAME}, with the route's id and
 * uri, the method and the status as tags. Spring Cloud Gateway calls it {@code http.client.requests},
 * the name Boot's instrumented clients (the Eureka client, the JWKS fetch) use with other tag keys;
 * Prometheus keeps one set of tag keys per name, so whichever came second was dropped, and that was
 * the per-route timings, the gateway's most useful metric.
 */
@Component
class ProxiedRequestObservations extends DefaultGatewayObservationConvention {

    static final String NAME = "kongjian.gateway.requests";

    @Override
    public String getName() {
        return NAME;
    }
}
