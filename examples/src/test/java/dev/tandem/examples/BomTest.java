/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * tandem-bom manages exactly the published artifacts, at the project's version. The BOM has no
 * parent (so that importing it brings no third-party versions), which means nothing in Maven keeps
 * its version or its list in step with the reactor: this test does.
 */
class BomTest {

    @Test
    void theBomManagesEveryPublishedModuleAtTheProjectVersion() throws Exception {
        Path root = ReactorRoot.find();
        Element parent = parse(root.resolve("pom.xml"));
        Element bom = parse(root.resolve(Path.of("bom", "pom.xml")));

        assertEquals(List.of(), children(bom, "parent"), "the BOM inherits nothing");
        assertEquals(text(parent, "groupId"), text(bom, "groupId"));
        assertEquals(text(parent, "version"), text(bom, "version"), "the BOM's version follows the parent's");

        // Published = the modules that build sources and Javadoc jars (Central wants both).
        TreeSet<String> published = new TreeSet<>();
        for (Element module : children(child(parent, "modules"), "module")) {
            String dir = module.getTextContent().trim();
            if (dir.equals("bom")) {
                continue;
            }
            Element pom = parse(root.resolve(Path.of(dir, "pom.xml")));
            List<String> plugins = new ArrayList<>();
            Element build = child(pom, "build");
            if (build != null && child(build, "plugins") != null) {
                for (Element plugin : children(child(build, "plugins"), "plugin")) {
                    plugins.add(text(plugin, "artifactId"));
                }
            }
            if (plugins.contains("maven-source-plugin") && plugins.contains("maven-javadoc-plugin")) {
                published.add(text(pom, "artifactId"));
            } else {
                Element properties = child(pom, "properties");
                assertTrue(properties != null && "true".equals(text(properties, "maven.deploy.skip")),
                        dir + " builds no sources/Javadoc jars, so it must not be deployed (maven.deploy.skip)");
            }
        }
        assertEquals(
                new TreeSet<>(List.of("tandem-testkit", "tandem-resp", "tandem-core", "tandem-rdb", "tandem-scripting", "tandem-replication",
                        "tandem-junit")),
                published, "the library modules are the published ones");

        TreeSet<String> managed = new TreeSet<>();
        for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            assertEquals("dev.tandem", text(dependency, "groupId"));
            assertEquals("${project.version}", text(dependency, "version"), text(dependency, "artifactId"));
            managed.add(text(dependency, "artifactId"));
        }
        assertEquals(published, managed, "the BOM lists every published artifact and nothing else");
    }

    private static Element parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(pom.toFile());
        return document.getDocumentElement();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }
}
