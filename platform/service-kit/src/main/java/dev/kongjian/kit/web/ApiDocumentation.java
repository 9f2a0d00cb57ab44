package dev.kongjian.kit.web;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.kongjian.kit.idempotency.IdempotencyFilter;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.security.CurrentUser;
import dev.kongjian.kit.security.SecurityProperties;
import dev.kongjian.kit.validation.Characters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

/**
 * Each service's OpenAPI document at {@code /v3/api-docs} (springdoc), as the app sees it: its
 * server is the gateway ({@code /}), every operation needs a bearer token except the service's
 * public paths, paginated operations take {@code limit} and {@code cursor}, and every POST takes
 * an {@code Idempotency-Key}. The gateway gathers the five documents into one Swagger UI.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(OpenAPI.class)
public class ApiDocumentation {

    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";

    static {
        // resolved by the kit from the token and the query string, not bound from the request
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class, PageRequest.class);
    }

    @Bean
    @ConditionalOnMissingBean
    OpenAPI kongjianOpenApi(@Value("${spring.application.name}") String service,
            @Value("${kongjian.api.description:}") String more) {
        return new OpenAPI()
                .info(new Info().title("Kongjian " + service).version("v1")
                        .description("The part of Kongjian's client API that " + service
                                + " answers. Every call goes through the gateway; errors are application/problem+json."
                                + (more.isBlank() ? "" : "\n\n" + more.strip())))
                .servers(List.of(new Server().url("/").description("the gateway")))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * Paging and idempotency, which the kit handles outside the controllers' signatures; each
     * operation grouped under its controller's subject ({@code PostController}: "Post").
     */
    @Bean
    OperationCustomizer kongjianOperations() {
        return (operation, handler) -> {
            operation.setTags(List.of(handler.getBeanType().getSimpleName().replaceFirst("Controller$", "")));
            boolean paged = Arrays.stream(handler.getMethodParameters())
                    .anyMatch(parameter -> parameter.getParameterType() == PageRequest.class);
            if (paged) {
                IntegerSchema limit = new IntegerSchema();
                limit.setMinimum(BigDecimal.ONE);
                limit.setMaximum(BigDecimal.valueOf(PageRequest.MAX_LIMIT));
                limit.setDefault(PageRequest.DEFAULT_LIMIT);
                operation.addParametersItem(new QueryParameter().name("limit")
                        .description("items per page, 1-" + PageRequest.MAX_LIMIT).schema(limit));
                operation.addParametersItem(new QueryParameter().name("cursor")
                        .description("the nextCursor of the previous page").schema(new StringSchema()));
            }
            boolean declared = operation.getParameters() != null && operation.getParameters().stream()
                    .anyMatch(parameter -> IdempotencyFilter.HEADER.equalsIgnoreCase(parameter.getName()));
            if (handler.hasMethodAnnotation(PostMapping.class) && !declared) {
                operation.addParametersItem(new HeaderParameter().name(IdempotencyFilter.HEADER)
                        .description("replays the first answer for 24 h instead of doing it again")
                        .schema(new StringSchema().minLength(1).maxLength(64)));
            }
            return operation;
        };
    }

    /** A text limited by {@link Characters} shows its limits as {@code @Size} would show them. */
    @Bean
    PropertyCustomizer kongjianCharacterLimits() {
        return (property, type) -> {
            if (type.getCtxAnnotations() != null) {
                Arrays.stream(type.getCtxAnnotations()).filter(Characters.class::isInstance).map(Characters.class::cast)
                        .findFirst().ifPresent(limits -> {
                            // @NotBlank has already said 1 where there is no higher minimum
                            Integer floor = property.getMinLength();
                            property.setMinLength(floor == null ? limits.min() : Math.max(floor, limits.min()));
                            property.setMaxLength(limits.max());
                        });
            }
            return property;
        };
    }

    /**
     * The service's public paths (sign-up, sign-in, keys) need no token (and take no
     * Idempotency-Key); every operation may
     * answer a problem document (RFC 9457) with a 4xx or 5xx status.
     */
    @Bean
    OpenApiCustomizer kongjianPublicOperationsAndProblems(SecurityProperties security) {
        List<PathPattern> open = security.publicPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
        ApiResponse problem = new ApiResponse().description("a problem document (RFC 9457)").content(new Content()
                .addMediaType("application/problem+json", new MediaType().schema(new Schema<>().$ref(PROBLEM))));
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().forEach((path, item) -> {
                PathContainer container = PathContainer.parsePath(path);
                boolean isOpen = open.stream().anyMatch(pattern -> pattern.matches(container));
                item.readOperations().forEach(operation -> {
                    if (isOpen) {
                        operation.setSecurity(List.of());
                        // keys are kept per signed-in user: a request without a token has none
                        if (operation.getParameters() != null) {
                            operation.getParameters().removeIf(parameter -> "header".equals(parameter.getIn())
                                    && IdempotencyFilter.HEADER.equalsIgnoreCase(parameter.getName()));
                        }
                    }
                    operation.getResponses().addApiResponse("4XX", problem).addApiResponse("5XX", problem);
                });
            });
        };
    }

    private static Schema<?> problemSchema() {
        Schema<?> error = new ObjectSchema().addProperty("field", new StringSchema())
                .addProperty("message", new StringSchema());
        return new ObjectSchema().description("RFC 9457 problem details; validation failures name their fields")
                .addProperty("type", new StringSchema().format("uri")).addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema()).addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(error));
    }

}
