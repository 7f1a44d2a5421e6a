package org.vae4j.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI's {@code Main} in a second JVM, as the launcher does (its own environment, its
 * own JVM options, its own exit): for what an in-process run cannot show, such as environment
 * variables read by static initialisers, {@code -Xmx}, signals and a second process on a run folder.
 */
final class ChildJvm {

    record Result(int exitCode, String out, String err) {
    }

    private ChildJvm() {
    }

    static ProcessBuilder builder(Path workingDirectory, Map<String, String> env, List<String> jvmOptions,
                                  String... args) {
        return builder(Main.class, workingDirectory, env, jvmOptions, args);
    }

    static ProcessBuilder builder(Class<?> mainClass, Path workingDirectory, Map<String, String> env,
                                  List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.awt.headless=true");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile());
        pb.environment().putAll(env);
        return pb;
    }

    static Result run(Path workingDirectory, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        return run(builder(workingDirectory, env, jvmOptions, args), workingDirectory);
    }

    static Result run(ProcessBuilder pb, Path workingDirectory) throws IOException, InterruptedException {
        Path out = workingDirectory.resolve(".child-out");
        Path err = workingDirectory.resolve(".child-err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 180 s: " + pb.command());
        }
        Result r = new Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
        java.nio.file.Files.delete(out);
        java.nio.file.Files.delete(err);
        return r;
    }
}
