package dev.kongjian.kit.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a controller take {@link CurrentUser} as a parameter. */
public final class CurrentUserResolver implements HandlerMethodArgumentResolver {

    public static final String ROLES_CLAIM = "roles";

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return CurrentUser.class.equals(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        return current().orElseThrow(
                () -> new org.springframework.security.authentication.AuthenticationCredentialsNotFoundException(
                        "no access token"));
    }

    /** The signed-in caller of the current request, if any. */
    public static Optional<CurrentUser> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return Optional.of(new CurrentUser(jwt.getSubject(), roles(jwt)));
        }
        return Optional.empty();
    }

    static Set<String> roles(Jwt jwt) {
        Object claim = jwt.getClaims().get(ROLES_CLAIM);
        Set<String> roles = new HashSet<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(value -> roles.add(String.valueOf(value)));
        }
        return roles;
    }
}
