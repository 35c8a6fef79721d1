/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tandem.replication.ConfigException;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.testkit.FuzzInput;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target of {@code CONFIG SET} (docs/reliability.md): the directive registry's
 * {@link DirectiveRegistry#applyAtRunTime} and {@link SettingsDraft#build()} with arbitrary names
 * and values. The contract: the only exception is {@link ConfigException} (Redis's "ERR CONFIG
 * SET failed" cases), and a change that was accepted reads back ({@code CONFIG GET}) as a value
 * that, set again, changes nothing.
 *
 * <p>Input: lines of {@code name value} (the first space separates them), as an operator types
 * them; a line starting with a byte below 0x20 names the directive with that byte's index in
 * {@link DirectiveRegistry#all()}, so the fuzzer reaches every directive without guessing
 * names. Values are read as ISO-8859-1 (every byte a character); variants 4–7 read them as
 * UTF-8. Variants 0–3 configure a node (replication directives too), 4–7 a bare server.
 */
class ConfigSetFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void configSet(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        boolean node = input.variant() < 4;
        Settings settings = node
                ? Settings.ofNode(ReplicationConfig.defaults(), ServerSettings.DEFAULTS)
                : Settings.ofServer(ServerSettings.DEFAULTS);
        Map<String, String> changes = changes(input.payload(), node ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        if (changes.isEmpty()) {
            return;
        }
        SettingsDraft draft = settings.toDraft();
        List<Directive<?>> changed;
        Settings next;
        try {
            changed = DirectiveRegistry.applyAtRunTime(draft, changes);
            next = draft.build();
        } catch (ConfigException e) {
            assertNotNull(e.getMessage());
            return;
        }
        // CONFIG GET of what was set, set again: the rendering is a valid value for the same setting.
        Map<String, String> rendered = DirectiveRegistry.render(next);
        Map<String, String> again = new LinkedHashMap<>();
        for (Directive<?> d : changed) {
            String value = rendered.get(d.name());
            if (value != null) {
                again.put(d.name(), value);
            }
        }
        if (again.isEmpty()) {
            return;
        }
        SettingsDraft second = next.toDraft();
        DirectiveRegistry.applyAtRunTime(second, again);
        assertEquals(rendered, DirectiveRegistry.render(second.build()), "setting what CONFIG GET shows changed something");
    }

    private static Map<String, String> changes(byte[] payload, java.nio.charset.Charset charset) {
        Map<String, String> changes = new LinkedHashMap<>();
        List<Directive<?>> all = DirectiveRegistry.all();
        int start = 0;
        while (start <= payload.length && changes.size() < 16) {
            int end = start;
            while (end < payload.length && payload[end] != '\n') {
                end++;
            }
            if (end > start) {
                String name;
                int valueStart;
                if ((payload[start] & 0xff) < 0x20) {
                    name = all.get((payload[start] & 0xff) % all.size()).name();
                    valueStart = start + 1;
                } else {
                    int space = start;
                    while (space < end && payload[space] != ' ') {
                        space++;
                    }
                    name = new String(payload, start, space - start, StandardCharsets.ISO_8859_1);
                    valueStart = Math.min(end, space + 1);
                }
                // Like a client's repeated CONFIG SET argument: the last one given is kept here,
                // the duplicate check is the registry's to make on names as given.
                changes.put(name, new String(payload, valueStart, end - valueStart, charset));
            }
            start = end + 1;
        }
        return changes;
    }
}
