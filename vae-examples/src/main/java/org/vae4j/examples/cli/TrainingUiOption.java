package org.vae4j.examples.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.deeplearning4j.optimize.api.TrainingListener;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code train --ui}: DL4J's training UI (module vae-ui, in the build only with {@code -Pui}),
 * looked up by name so that the default build carries none of it. Without it the option fails
 * with one line saying how to rebuild.
 */
final class TrainingUiOption {

    static final String UI_CLASS = "org.vae4j.ui.TrainingUi";
    static final String NOT_IN_BUILD = "--ui: the training UI is not in this build; rebuild with the ui profile: "
            + "VAE4J_MAVEN_ARGS=-Pui ./vae4j train ... --ui (or ./mvnw -Pui -DskipTests package)";

    @Option(names = "--ui", description = "Show training in DL4J's training UI on 127.0.0.1 (needs a build with "
            + "-Pui: VAE4J_MAVEN_ARGS=-Pui ./vae4j ...); prints its address.")
    boolean enabled;

    @Option(names = "--ui-port", paramLabel = "PORT", defaultValue = "9000", description = "Port of the training UI, "
            + "0 = any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--ui-every", paramLabel = "N", defaultValue = "10", description = "Report to the UI every N-th "
            + "iteration (each report summarises every parameter array; default: ${DEFAULT-VALUE}, DL4J's).")
    int every;

    /** Range checks, and whether the UI is in this build, before any work. */
    void validate(CommandSpec spec) {
        if (!enabled) {
            for (String option : new String[] {"--ui-port", "--ui-every"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new ParameterException(spec.commandLine(), option + " is given without --ui: add --ui to "
                            + "show the training UI, or leave " + option + " out");
                }
            }
            return;
        }
        CountOptions.require(spec, "--ui-port", port, 0, 65535);
        CountOptions.require(spec, "--ui-every", every, 1, Integer.MAX_VALUE);
        if (uiClass() == null) {
            throw new ParameterException(spec.commandLine(), NOT_IN_BUILD);
        }
    }

    /** The started UI, or null without {@code --ui}. */
    Ui start(String sessionId) {
        if (!enabled) {
            return null;
        }
        Class<?> type = uiClass();
        if (type == null) {
            throw new IllegalStateException(NOT_IN_BUILD);
        }
        return new Ui(call(null, method(type, "start", int.class, String.class, int.class), port, sessionId, every));
    }

    private static Class<?> uiClass() {
        try {
            return Class.forName(UI_CLASS);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** A running UI (an {@code org.vae4j.ui.TrainingUi}). */
    static final class Ui implements AutoCloseable {
        private final Object ui;

        private Ui(Object ui) {
            this.ui = ui;
        }

        TrainingListener listener() {
            return (TrainingListener) call(ui, method(ui.getClass(), "listener"));
        }

        String address() {
            return (String) call(ui, method(ui.getClass(), "address"));
        }

        @Override
        public void close() {
            call(ui, method(ui.getClass(), "close"));
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(UI_CLASS + " of this build has no " + name + " method: rebuild", e);
        }
    }

    private static Object call(Object target, Method method, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
