package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

/** A bad -Dvae4j.threads / VAE4J_THREADS is refused by checkSetting, never by class initialisation. */
class Vae4jThreadsSettingTest {

    @Test
    void aBadSettingNeverFailsClassInitialisation() throws Exception {
        System.setProperty(Vae4jThreads.PROPERTY, "abc");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Vae4jThreads::checkSetting);
            assertEquals("-Dvae4j.threads = 'abc': must be a whole number from 1 to 1024", e.getMessage());
            // A fresh loader runs the static initialiser again, under the bad setting.
            URL classes = Vae4jThreads.class.getProtectionDomain().getCodeSource().getLocation();
            try (URLClassLoader fresh = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
                Class<?> c = Class.forName(Vae4jThreads.class.getName(), true, fresh);
                assertEquals(Runtime.getRuntime().availableProcessors(), c.getMethod("threads").invoke(null));
            }
            System.setProperty(Vae4jThreads.PROPERTY, "100000");
            assertThrows(IllegalArgumentException.class, Vae4jThreads::checkSetting);
        } finally {
            System.clearProperty(Vae4jThreads.PROPERTY);
        }
    }
}
