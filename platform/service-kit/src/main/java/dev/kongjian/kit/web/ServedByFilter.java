package dev.kongjian.kit.web;

import java.io.IOException;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Names the service and an opaque tag of the instance that answered ({@code X-Served-By:
 * feed-service/3fa2c1d0}), so operators and tests can see the load spread over instances
 * without learning host names or ports.
 */
public final class ServedByFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Served-By";

    private final String value;

    public ServedByFilter(String service, String instanceTag) {
        this.value = service + "/" + instanceTag;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HEADER, value);
        chain.doFilter(request, response);
    }
}
