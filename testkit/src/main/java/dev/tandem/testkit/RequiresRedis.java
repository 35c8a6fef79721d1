/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Marks an interop test class (or method) that needs the Redis tools on the PATH. Without them
 * every test of it is reported as skipped, with the reason, and none of its {@code @BeforeAll}
 * code runs; under {@code CI=true} a missing tool fails the class instead (CI must run them).
 *
 * <p>A condition rather than an assumption in {@code @BeforeAll}: Surefire shows an aborted
 * {@code @BeforeAll} as "Tests run: 0", which hides the skip, but counts disabled tests.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RequiresRedis.Condition.class)
public @interface RequiresRedis {
    /** The tools that must be on the PATH. */
    String[] value() default {"redis-server"};

    /** Evaluates {@link RequiresRedis} for the annotated class or method. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<RequiresRedis> required = AnnotationSupport.findAnnotation(context.getElement(), RequiresRedis.class);
            if (required.isEmpty()) {
                return ConditionEvaluationResult.enabled("no Redis tools required here");
            }
            List<String> missing = new ArrayList<>();
            for (String tool : required.get().value()) {
                if (RedisTools.find(tool) == null) {
                    missing.add(tool);
                }
            }
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("Redis tools present");
            }
            String message = String.join(", ", missing) + " not found on PATH";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionFailedError(message + ": required when CI=true (.ci/run installs it)");
            }
            return ConditionEvaluationResult.disabled(message + ": interop test skipped");
        }
    }
}
