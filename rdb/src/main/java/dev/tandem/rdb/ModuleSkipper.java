/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/**
 * Skips module data generically, as {@code rdbLoadCheckModuleValue} does: a sequence of
 * (opcode, payload) units ending with opcode 0 — SINT/UINT a length, FLOAT 4 bytes, DOUBLE
 * 8 bytes, STRING a string. Used for MODULE_2 values (type 7, preceded by the module id) and
 * MODULE_AUX payloads. The data itself is discarded; a warning is counted when the skip ends.
 */
final class ModuleSkipper implements ValueDecoder {
    private final ReaderContext ctx;
    private final RdbKey key;
    private final long auxWhen;
    private final long startOffset;
    private RdbModuleId module;

    private ModuleSkipper(ReaderContext ctx, RdbKey key, RdbModuleId module, long auxWhen, long startOffset) {
        this.ctx = ctx;
        this.key = key;
        this.module = module;
        this.auxWhen = auxWhen;
        this.startOffset = startOffset;
    }

    /** Skipper for a type-7 value; reads the module id first (and rejects it if so configured). */
    static ModuleSkipper forValue(ReaderContext ctx, RdbKey key) {
        return new ModuleSkipper(ctx, key, null, 0, key.offset());
    }

    /** Skipper for a MODULE_AUX payload whose header was already read. */
    static ModuleSkipper forAux(ReaderContext ctx, RdbModuleId module, long when, long opcodeOffset) {
        return new ModuleSkipper(ctx, null, module, when, opcodeOffset);
    }

    @Override
    public boolean step() {
        RdbInput in = ctx.input;
        if (module == null) {
            RdbModuleId id = new RdbModuleId(in.length());
            if (ctx.config.modulePolicy() == RdbReaderConfig.ModulePolicy.REJECT) {
                throw new RdbFormatException(RdbErrorKind.MODULE_REJECTED, "module value of type "
                        + id.typeName() + " for key " + Printable.of(key.key())
                        + " rejected (module data cannot be loaded without the module)", key.offset());
            }
            module = id;
            return false;
        }
        long at = in.offset();
        long opcode = in.length();
        switch ((int) Math.min(opcode, Integer.MAX_VALUE)) {
            case RdbOpcodes.MODULE_OPCODE_EOF:
                finish();
                return true;
            case RdbOpcodes.MODULE_OPCODE_SINT, RdbOpcodes.MODULE_OPCODE_UINT:
                in.length();
                return false;
            case RdbOpcodes.MODULE_OPCODE_FLOAT:
                in.skip(4);
                return false;
            case RdbOpcodes.MODULE_OPCODE_DOUBLE:
                in.skip(8);
                return false;
            case RdbOpcodes.MODULE_OPCODE_STRING:
                in.skipString();
                return false;
            default:
                throw new RdbFormatException(RdbErrorKind.UNKNOWN_ENCODING, "unknown module opcode "
                        + Long.toUnsignedString(opcode) + " in data of module " + module.typeName(), at);
        }
    }

    private void finish() {
        if (key != null) {
            ctx.warnings.warn(RdbWarning.Kind.MODULE_VALUE_SKIPPED, "skipped value of module type "
                    + module.typeName() + " for key " + Printable.of(key.key()) + " in db " + key.db(), startOffset);
        } else {
            ctx.warnings.warn(RdbWarning.Kind.MODULE_AUX_SKIPPED, "skipped aux data of module type "
                    + module.typeName(), startOffset);
            ctx.visitor.onModuleAux(module, auxWhen);
        }
    }
}
