package dev.kongjian.kit.paging;

import java.util.Optional;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import dev.kongjian.kit.problem.InvalidRequest;

/** Lets a controller take {@link PageRequest}, read and checked from {@code limit} and {@code cursor}. */
public final class PageRequestResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return PageRequest.class.equals(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest request, WebDataBinderFactory binderFactory) {
        return parse(request.getParameter("limit"), request.getParameter("cursor"));
    }

    static PageRequest parse(String limitParameter, String cursorParameter) {
        int limit = PageRequest.DEFAULT_LIMIT;
        if (limitParameter != null) {
            try {
                limit = Integer.parseInt(limitParameter.trim());
            } catch (NumberFormatException e) {
                throw new InvalidRequest("limit", "must be a whole number");
            }
            if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
                throw new InvalidRequest("limit", "must be between 1 and " + PageRequest.MAX_LIMIT);
            }
        }
        Optional<Cursor> cursor = cursorParameter == null || cursorParameter.isBlank() ? Optional.empty()
                : Optional.of(Cursor.decode(cursorParameter.trim()));
        return new PageRequest(limit, cursor);
    }
}
