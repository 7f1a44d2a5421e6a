package org.vae4j.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The start-up check names each missing launcher setting and its fix, and nothing when all are set. */
class RuntimeSettingsTest {

    @Test
    void theLaunchersSettingsLeaveNothingToWarnAbout() {
        assertEquals(List.of(), RuntimeSettings.missing(Map.of("OMP_WAIT_POLICY", "PASSIVE"), 2));
        // One OpenMP thread has nobody to spin-wait for.
        assertEquals(List.of(), RuntimeSettings.missing(Map.of(), 1));
    }

    @Test
    void eachMissingSettingIsNamedWithItsFix() {
        List<String> missing = RuntimeSettings.missing(Map.of("OMP_WAIT_POLICY", "active"), 2);
        assertEquals(1, missing.size(), missing.toString());
        assertTrue(missing.get(0).contains("OMP_WAIT_POLICY=active") && missing.get(0).contains("OMP_WAIT_POLICY=passive"),
                missing.get(0));
        assertEquals(1, RuntimeSettings.missing(Map.of(), 2).size(), "unset counts as missing");
    }
}
