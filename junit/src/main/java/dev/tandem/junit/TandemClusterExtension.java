/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit;

import dev.tandem.testkit.RedisTools;
import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The JUnit 5 extension behind {@link TandemCluster}: starts the cluster before each test (or
 * before the class), injects it as a {@link TestCluster} parameter, stops it after and fails
 * the test when something of it did not stop. Registered by the annotation; not used directly.
 */
public final class TandemClusterExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver,
        ExecutionCondition {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TandemClusterExtension.class);
    private static final String CLASS_CLUSTER = "class-cluster";
    private static final String METHOD_CLUSTER = "method-cluster";

    /** JUnit creates it. */
    public TandemClusterExtension() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<TandemCluster> spec = effective(context);
        if (spec.isEmpty() || spec.get().redisServer() == TandemCluster.RedisServer.NONE) {
            return ConditionEvaluationResult.enabled("no redis-server needed");
        }
        if (RedisTools.find("redis-server") != null) {
            return ConditionEvaluationResult.enabled("redis-server found");
        }
        String message = "@TandemCluster(redisServer = " + spec.get().redisServer() + ") needs redis-server on the PATH";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionFailedError(message + ": required when CI=true");
        }
        return ConditionEvaluationResult.disabled(message + ": skipped");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<TandemCluster> spec = classAnnotation(context);
        if (spec.isPresent() && spec.get().lifecycle() == TandemCluster.Lifecycle.PER_CLASS) {
            context.getStore(NAMESPACE).put(CLASS_CLUSTER, TestCluster.start(spec.get()));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Optional<TandemCluster> onMethod = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, TandemCluster.class));
        if (onMethod.isPresent() && onMethod.get().lifecycle() != TandemCluster.Lifecycle.PER_METHOD) {
            throw new IllegalArgumentException("@TandemCluster on method " + context.getRequiredTestMethod().getName()
                    + " starts nodes for that method only: lifecycle = PER_CLASS belongs on the class");
        }
        Optional<TandemCluster> spec = effective(context);
        if (spec.isPresent() && spec.get().lifecycle() == TandemCluster.Lifecycle.PER_METHOD) {
            context.getStore(NAMESPACE).put(METHOD_CLUSTER, TestCluster.start(spec.get()));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestCluster cluster = context.getStore(NAMESPACE).remove(METHOD_CLUSTER, TestCluster.class);
        if (cluster != null) {
            stopAndCheck(cluster, "after " + context.getDisplayName());
            return;
        }
        TestCluster shared = context.getStore(NAMESPACE).get(CLASS_CLUSTER, TestCluster.class);
        if (shared != null) {
            shared.healLinks(); // a cut in one test must not leak into the next
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestCluster cluster = context.getStore(NAMESPACE).remove(CLASS_CLUSTER, TestCluster.class);
        if (cluster != null) {
            stopAndCheck(cluster, "after the tests of " + context.getDisplayName());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestCluster.class;
    }

    @Override
    public TestCluster resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // A method's store sees its class's: a per-class cluster is found from every method.
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        TestCluster cluster = store.get(METHOD_CLUSTER, TestCluster.class);
        if (cluster == null) {
            cluster = store.get(CLASS_CLUSTER, TestCluster.class);
        }
        if (cluster == null) {
            throw new ParameterResolutionException("no Tandem cluster for " + parameter.getDeclaringExecutable().getName()
                    + ": @TandemCluster starts its nodes per test method unless lifecycle = PER_CLASS, so a "
                    + "@BeforeAll/@AfterAll method or a constructor gets one only with lifecycle = PER_CLASS");
        }
        return cluster;
    }

    /** Stops {@code cluster}; a failure naming every leftover if something did not stop. */
    static void stopAndCheck(TestCluster cluster, String when) {
        stopAndCheck(cluster, when, cluster.stop());
    }

    static void stopAndCheck(TestCluster cluster, String when, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionFailedError("Tandem cluster " + cluster + " did not stop cleanly " + when + ":\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** The annotation in force: the method's if it has one, else the class's (or an enclosing class's). */
    private static Optional<TandemCluster> effective(ExtensionContext context) {
        Optional<TandemCluster> onMethod = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, TandemCluster.class));
        return onMethod.isPresent() ? onMethod : classAnnotation(context);
    }

    private static Optional<TandemCluster> classAnnotation(ExtensionContext context) {
        Optional<Class<?>> type = context.getTestClass();
        while (type.isPresent()) {
            Optional<TandemCluster> found = AnnotationSupport.findAnnotation((AnnotatedElement) type.get(), TandemCluster.class);
            if (found.isPresent()) {
                return found;
            }
            type = Optional.ofNullable(type.get().getEnclosingClass());
        }
        return Optional.empty();
    }
}
