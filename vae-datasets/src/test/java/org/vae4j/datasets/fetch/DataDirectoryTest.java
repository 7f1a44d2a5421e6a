package org.vae4j.datasets.fetch;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataDirectoryTest {

    private static final Path HOME = Path.of("/home/u");

    @Test
    void explicitThenPropertyThenEnvThenHomeThenDl4jCache() {
        List<DataDirectory.Location> l = DataDirectory.locations(Path.of("/x"), "/prop", "/env", HOME);
        assertEquals(List.of(Path.of("/x"), Path.of("/prop"), Path.of("/env"), Path.of("/home/u/.vae4j/data"),
                Path.of("/home/u/.deeplearning4j/data")), l.stream().map(DataDirectory.Location::root).toList());
        assertTrue(l.get(4).dl4jCache());
        assertEquals(Path.of("/x"), DataDirectory.downloadLocation(l).root());
    }

    @Test
    void withoutSettingsHomeComesFirstAndDownloadsNeverGoToDl4jsCache() {
        List<DataDirectory.Location> l = DataDirectory.locations(null, " ", null, HOME);
        assertEquals(2, l.size());
        assertEquals(Path.of("/home/u/.vae4j/data"), DataDirectory.downloadLocation(l).root());
    }
}
