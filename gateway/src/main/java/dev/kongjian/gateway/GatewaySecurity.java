package dev.kongjian.gateway;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.reactive.function.client.WebClient;

import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Mono;


/**
 * Every token is checked here before a request is routed: signature against user-service's
 * JWKS (through Eureka), issuer, audience, expiry. Only sign-up, sign-in, refresh, the JWKS
 * and the gateway's health and metrics are open, and the API's documentation.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class GatewaySecurity {

    /** Sign-up, sign-in, refresh and the keys, and the gateway's own health, metrics and info. */
    static final Set<String> OPEN_PATHS = Set.of("/api/v1/auth/register", "/api/v1/auth/login",
            "/api/v1/auth/refresh", "/.well-known/jwks.json", "/actuator/health", "/actuator/prometheus",
            "/actuator/info");

    @Bean
    SecurityWebFilterChain gatewaySecurityChain(ServerHttpSecurity http) {
        ServerAuthenticationEntryPoint unauthorized = (exchange, e) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return Problems.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "unauthorized",
                    "A valid access token is required");
        };
        ServerAccessDeniedHandler forbidden = (exchange, e) -> Problems.write(exchange.getResponse(),
                HttpStatus.FORBIDDEN, "forbidden", "You may not do this");
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .authorizeExchange(exchanges -> exchanges
                        .matchers(GatewaySecurity::isOpen).permitAll()
                        .anyExchange().authenticated())
                .oauth2ResourceServer(oauth -> oauth
                        .bearerTokenConverter(new BearerTokens())
                        .jwt(jwt -> {
                        })
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .build();
    }

    /**
     * One matcher for every open path, decided by a set lookup: Spring Security's matchers for
     * lists of paths and for actuator endpoints walked their lists and rendered each entry's
     * debug message on every request (4% of the gateway's CPU, see META-INF/services).
     */
    static Mono<ServerWebExchangeMatcher.MatchResult> isOpen(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        boolean open = OPEN_PATHS.contains(path) || path.startsWith("/fallback/") || path.startsWith("/actuator/health/")
                || isDocumentation(path);
        return open ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
    }

    /** The Swagger UI, its assets and the services' OpenAPI documents: what the API looks like is no secret. */
    static boolean isDocumentation(String path) {
        return path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui") || path.startsWith("/webjars/swagger-ui/");
    }

    /**
     * What Spring Security's firewall refuses before any rule runs (a path with {@code ..},
     * {@code //}, {@code ;}, an encoded slash or backslash, a control character; a method it does
     * not know) is a problem document too: its own answer is a 400 with an empty body.
     */
    @Bean
    ServerExchangeRejectedHandler rejectedRequests() {
        return (exchange, e) -> Problems.write(exchange.getResponse(), HttpStatus.BAD_REQUEST, "invalid-request",
                "The request's path or method is not allowed");
    }

    /**
     * No observation around each security filter, authentication and authorisation. Turning them
     * off by property still wraps every filter of every request in a no-op observation; this
     * leaves the chain undecorated. Each request is still observed once, by WebFlux's server
     * observation, and its trace reaches the services.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Spring Security's filters run without a checkpoint each ({@link SecurityFilters}). */
    @Bean
    static BeanPostProcessor securityFiltersWithoutCheckpoints() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof WebFilterChainProxy proxy) {
                    proxy.setFilterChainDecorator(new SecurityFilters());
                }
                return bean;
            }
        };
    }

    /** Fetches the JWKS from whichever user-service instance Eureka offers, timed as {@code http.client.requests}. */
    @Bean
    @LoadBalanced
    WebClient.Builder loadBalancedWebClient(ObservationRegistry observations) {
        return WebClient.builder().observationRegistry(observations);
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(TokenProperties properties, @LoadBalanced WebClient.Builder webClient) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                .webClient(webClient.build())
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()),
                new JwtClaimValidator<List<String>>("aud",
                        audience -> audience != null && audience.contains(properties.audience()))));
        return new VerifiedTokens(decoder, Clock.systemUTC(), VerifiedTokens.DEFAULT_MAXIMUM_BYTES);
    }

    @Bean
    TokenBuckets tokenBuckets(ReactiveStringRedisTemplate redis, GatewayProperties properties) {
        return new TokenBuckets(new RedisSharedBuckets(redis), properties.rateLimit().syncInterval(), System::nanoTime);
    }

    @Bean
    RateLimit rateLimit(TokenBuckets buckets, GatewayProperties properties) {
        return new RateLimit(buckets, properties.rateLimit());
    }

}
