package dev.tandem.core.command;

import dev.tandem.core.Entry;
import dev.tandem.core.ExecutionContext;
import dev.tandem.core.Key;
import dev.tandem.core.reply.Reply;
import java.util.EnumSet;

/** Generic keyspace commands (db.c, expire.c) and the transaction commands' table entries. */
public final class KeyCommands {
    private KeyCommands() {
    }

    public static void register(CommandTable t) {
        t.register(CommandSpec.write("del", -2, 1, -1, 1, KeyCommands::del));
        t.register(CommandSpec.write("unlink", -2, 1, -1, 1, KeyCommands::del));
        t.register(CommandSpec.read("exists", -2, 1, -1, 1, KeyCommands::exists));
        t.register(CommandSpec.read("type", 2, 1, 1, 1, KeyCommands::type));
        // Executed by Keyspace itself (they act on the client's transaction state).
        for (String name : new String[] {"multi", "exec", "discard", "unwatch"}) {
            t.register(new CommandSpec(name, 1, EnumSet.of(CommandFlag.TRANSACTION), 0, 0, 0,
                    KeyCommands::handledByKeyspace));
        }
        t.register(new CommandSpec("watch", -2, EnumSet.of(CommandFlag.TRANSACTION), 1, -1, 1,
                KeyCommands::handledByKeyspace));
    }

    private static Reply handledByKeyspace(ExecutionContext ctx, byte[][] argv) {
        throw new IllegalStateException("transaction commands are executed by Keyspace");
    }

    /** DEL/UNLINK: propagated verbatim when something was deleted, else nothing. */
    static Reply del(ExecutionContext ctx, byte[][] argv) {
        long deleted = 0;
        for (int i = 1; i < argv.length; i++) {
            Key key = Key.of(argv[i]);
            if (ctx.lookupWrite(key) != null) {
                ctx.db().delete(key);
                ctx.touched(key);
                deleted++;
            }
        }
        if (deleted > 0) {
            ctx.propagateVerbatim();
        }
        return Reply.integer(deleted);
    }

    static Reply exists(ExecutionContext ctx, byte[][] argv) {
        long n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (ctx.lookupRead(Key.of(argv[i])) != null) {
                n++;
            }
        }
        return Reply.integer(n);
    }

    static Reply type(ExecutionContext ctx, byte[][] argv) {
        Entry e = ctx.lookupRead(Key.of(argv[1]));
        return Reply.simple(e == null ? "none" : e.value().type().redisName());
    }
}
