package org.vae4j.examples.run;

import java.nio.file.Path;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.FileAppender;

/**
 * Copies everything logged during a run into the run folder's train.log, next to the console.
 * Added at run time because the file's location is only known then; closing removes it, so
 * runs in one JVM (tests, recipes with variants) each get their own log.
 */
public final class RunLogging implements AutoCloseable {

    private final FileAppender<ILoggingEvent> appender;
    private final Logger root;

    private RunLogging(FileAppender<ILoggingEvent> appender, Logger root) {
        this.appender = appender;
        this.root = root;
    }

    /** Appends (a resumed run continues its log) to {@code file}. */
    public static RunLogging to(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new RunLogging(null, null); // another SLF4J binding: leave logging alone
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("run-" + file);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        return new RunLogging(appender, root);
    }

    /**
     * Records why the run failed, with the full stack trace, in train.log only: the console gets
     * the one-line message from the command line, and the trace stays where it can be read later.
     */
    public void failure(Throwable e) {
        if (appender != null) {
            appender.doAppend(new LoggingEvent(RunLogging.class.getName(), root, Level.ERROR,
                    "Failed: " + e, e, null));
        }
    }

    @Override
    public void close() {
        if (appender != null) {
            root.detachAppender(appender);
            appender.stop();
        }
    }
}
