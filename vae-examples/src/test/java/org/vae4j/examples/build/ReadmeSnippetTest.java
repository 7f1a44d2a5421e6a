package org.vae4j.examples.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The README's library code is compiled and run: examples/consumer's Main holds each snippet
 * verbatim between "// README snippet: NAME" and "// end of README snippet", and every one of
 * them must be a java block of the README, character for character after removing the common
 * indentation. (CI builds and runs the consumer against the installed artifacts.) Also: the BOM
 * a consumer imports has the parent's version and manages every library module, and not the benchmarks.
 */
class ReadmeSnippetTest {

    /** The repository root: Surefire runs in the module folder. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MAIN = ROOT.resolve("examples/consumer/src/main/java/org/vae4j/consumer/Main.java");

    @Test
    void everySnippetInTheConsumerIsAJavaBlockOfTheReadme() throws IOException {
        List<String> blocks = javaBlocks(Files.readString(ROOT.resolve("README.md")));
        List<String> snippets = snippets(Files.readString(MAIN));
        assertFalse(snippets.isEmpty(), "no '// README snippet' regions in " + MAIN);
        for (String snippet : snippets) {
            assertTrue(blocks.contains(snippet), "This snippet of " + MAIN + " is not a java block of README.md "
                    + "(change both together):\n" + snippet + "\nREADME java blocks:\n" + String.join("\n---\n", blocks));
        }
    }

    @Test
    void theSnippetExtractionSeesWhatItShould() {
        String readme = "text\n```java\n  int a = 1;\n    int b = 2;\n```\n```bash\nls\n```\n";
        assertEquals(List.of("int a = 1;\n  int b = 2;"), javaBlocks(readme));
        String main = "x\n        // README snippet: one\n        foo();\n          bar();\n        // end of README snippet\n";
        assertEquals(List.of("foo();\n  bar();"), snippets(main));
    }

    @Test
    void theBomHasTheParentsVersionAndManagesEveryLibraryModule() throws Exception {
        Element parent = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("vae4j-bom/pom.xml"));
        assertEquals(child(parent, "version"), child(bom, "version"), "vae4j-bom/pom.xml <version>");
        assertEquals(null, child(bom, "parent"), "the BOM must not inherit the parent's dependencyManagement");
        String bomText = Files.readString(ROOT.resolve("vae4j-bom/pom.xml"));
        for (String module : List.of("vae-core", "vae-datasets", "vae-eval", "vae-spark", "vae-ui")) {
            assertTrue(bomText.contains("<artifactId>" + module + "</artifactId>"), module + " in the BOM");
        }
        // The benchmarks are not published: no user imports them.
        assertFalse(bomText.contains("<artifactId>vae-bench</artifactId>"), "vae-bench must not be in the BOM");
        String dl4j = ((Element) parent.getElementsByTagName("dl4j.version").item(0)).getTextContent();
        assertEquals(dl4j, ((Element) bom.getElementsByTagName("dl4j.version").item(0)).getTextContent());
    }

    private static Element pom(Path file) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return document.getDocumentElement();
    }

    private static String child(Element element, String name) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```java\\n(.*?)^```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(dedent(m.group(1)));
        }
        return blocks;
    }

    static List<String> snippets(String java) {
        List<String> snippets = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^[ \\t]*// README snippet: \\S+\\n(.*?)^[ \\t]*// end of README snippet",
                Pattern.DOTALL).matcher(java);
        while (m.find()) {
            snippets.add(dedent(m.group(1)));
        }
        return snippets;
    }

    private static String dedent(String text) {
        List<String> lines = text.stripTrailing().lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
                .map(String::stripTrailing).toList());
    }
}
