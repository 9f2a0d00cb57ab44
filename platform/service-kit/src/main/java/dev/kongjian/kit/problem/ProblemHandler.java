package dev.kongjian.kit.problem;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import jakarta.validation.ConstraintViolationException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The one place where exceptions become answers: problem+json with the right 4xx for every
 * client mistake, 503 when a store cannot answer now, and a 500 that reveals nothing but an
 * error id for the rest.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final String STORE_RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler(DomainException.class)
    ResponseEntity<Object> domain(DomainException e, WebRequest request) {
        ProblemDetail problem = Problems.of(e.status(), e.type(), e.getMessage());
        if (e instanceof InvalidRequest invalid) {
            problem.setProperty("errors", invalid.errors());
        }
        HttpHeaders headers = new HttpHeaders();
        e.headers().forEach(headers::set);
        return createResponseEntity(problem, headers, e.status(), request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e, WebRequest request) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return createResponseEntity(Problems.invalid(errors), new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler({ AccessDeniedException.class, AuthenticationException.class })
    ResponseEntity<Object> security(RuntimeException e, WebRequest request) {
        HttpStatus status = e instanceof AccessDeniedException ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED;
        return createResponseEntity(Problems.of(status, Problems.typeFor(status.value()),
                status == HttpStatus.FORBIDDEN ? "You may not do this" : "Authentication is required"),
                new HttpHeaders(), status, request);
    }

    /**
     * A store that cannot answer now (Redis or MongoDB unreachable, timing out, or every pooled
     * connection busy under a burst) is not a fault in the request or in the code: 503 with
     * {@code Retry-After}, so clients and the gateway retry later instead of reporting a bug.
     */
    @ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
            MongoTimeoutException.class, MongoSocketException.class, MongoExecutionTimeoutException.class })
    ResponseEntity<Object> storeUnavailable(Exception e, WebRequest request) {
        log.warn("A store could not answer {}: {}", request.getDescription(false), rootMessage(e));
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, STORE_RETRY_AFTER_SECONDS);
        return createResponseEntity(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                "The service is busy or cannot reach its data right now; try again shortly"), headers,
                HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e + " (" + root + ")";
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.error("Unexpected error {} on {}", errorId, request.getDescription(false), e);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Something went wrong on our side; the error id is " + errorId);
        problem.setProperty("errorId", errorId);
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return createResponseEntity(Problems.invalid(fieldErrors(e.getBindingResult())), headers,
                HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error -> errors.add(
                new FieldError(result.getMethodParameter().getParameterName(), message(error)))));
        return createResponseEntity(Problems.invalid(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    /** The same words as the gateway's own 404, not Spring's "No static resource ...". */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return createResponseEntity(Problems.of(HttpStatus.NOT_FOUND, Problems.typeFor(404),
                "There is nothing at this path"), headers, HttpStatus.NOT_FOUND, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof PayloadTooLarge tooLarge) {
                return domain(tooLarge, request);
            }
            if (cause instanceof MismatchedInputException mismatch) {
                FieldError error = JsonValueErrors.of(mismatch);
                if (error != null) {
                    return createResponseEntity(Problems.invalid(List.of(error)), headers, HttpStatus.BAD_REQUEST,
                            request);
                }
            }
            cause = cause.getCause();
        }
        return createResponseEntity(Problems.of(HttpStatus.BAD_REQUEST, "malformed-body",
                "The request body is missing or is not valid JSON of the expected shape"), headers,
                HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
                problem.setType(URI.create(Problems.TYPE_BASE + Problems.typeFor(status.value())));
            }
            if (status.is5xxServerError() && problem.getProperties() != null
                    && !problem.getProperties().containsKey("errorId")) {
                problem.setDetail("The service could not answer this request");
            }
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static List<FieldError> fieldErrors(BindingResult result) {
        List<FieldError> errors = new ArrayList<>();
        result.getFieldErrors().forEach(error -> errors.add(new FieldError(error.getField(), message(error))));
        result.getGlobalErrors().forEach(error -> errors.add(new FieldError(error.getObjectName(), message(error))));
        return errors;
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is not valid" : error.getDefaultMessage();
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
