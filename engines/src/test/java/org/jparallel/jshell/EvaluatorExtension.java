package org.jparallel.jshell;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.UUID;

/**
 * Builds and closes the Evaluators of a {@link WithEvaluator} test class: one shared by the class,
 * set into its static Evaluator fields before its {@code @BeforeAll} methods run and closed after
 * its last test; and a fresh one for each Evaluator parameter of a test, closed after that test.
 */
final class EvaluatorExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EvaluatorExtension.class);

    /** Closes its Evaluator when JUnit closes the store it is kept in. */
    private record Closing(Evaluator evaluator) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            evaluator.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        Class<?> testClass = context.getRequiredTestClass();
        Evaluator shared = null;
        for (Field f : testClass.getDeclaredFields()) {
            if (f.getType() != Evaluator.class || !Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            if (shared == null) {
                shared = open(context);
                WithEvaluator settings = testClass.getAnnotation(WithEvaluator.class);
                if (settings != null && settings.warm()) {
                    shared.warmUp();
                }
            }
            f.setAccessible(true);
            f.set(null, shared);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Evaluator.class
                && parameter.getDeclaringExecutable().getAnnotation(org.junit.jupiter.api.Test.class) != null;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return open(context);
    }

    /** A new Evaluator with default options, closed when the context (class or test) ends. */
    private static Evaluator open(ExtensionContext context) {
        Evaluator ev = new Evaluator(EvaluatorOptions.defaults());
        context.getStore(NAMESPACE).put(UUID.randomUUID().toString(), new Closing(ev));
        return ev;
    }
}
