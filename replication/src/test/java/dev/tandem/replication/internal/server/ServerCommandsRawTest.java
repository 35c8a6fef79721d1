/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RawClient;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Byte-exact replies of server commands, their errors, and MULTI with server commands. */
class ServerCommandsRawTest extends SharedServerTest {

    static Stream<Arguments> exchanges() {
        return Stream.of(
                Arguments.of(new String[] {"PING", "a", "b"}, "-ERR wrong number of arguments for 'ping' command\r\n"),
                Arguments.of(new String[] {"ECHO"}, "-ERR wrong number of arguments for 'echo' command\r\n"),
                Arguments.of(new String[] {"SELECT", "x"}, "-ERR value is not an integer or out of range\r\n"),
                Arguments.of(new String[] {"SELECT", "16"}, "-ERR DB index is out of range\r\n"),
                Arguments.of(new String[] {"AUTH", "pw"}, "-" + ConnectionCommands.AUTH_WITHOUT_PASSWORD + "\r\n"),
                Arguments.of(new String[] {"AUTH", "default", "anything"}, "+OK\r\n"),
                Arguments.of(new String[] {"CLIENT"}, "-ERR wrong number of arguments for 'client' command\r\n"),
                Arguments.of(new String[] {"CLIENT", "FOO"}, "-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n"),
                Arguments.of(new String[] {"CLIENT", "PAUSE", "x"}, "-ERR timeout is not an integer or out of range\r\n"),
                Arguments.of(new String[] {"CLIENT", "PAUSE", "-1"}, "-ERR timeout is negative\r\n"),
                Arguments.of(new String[] {"CLIENT", "PAUSE", "10", "foo"}, "-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n"),
                Arguments.of(new String[] {"CLIENT", "PAUSE", "10", "write", "x"},
                        "-ERR unknown subcommand or wrong number of arguments for 'pause'. Try CLIENT HELP.\r\n"),
                Arguments.of(new String[] {"CLIENT", "REPLY", "maybe"}, "-ERR syntax error\r\n"),
                Arguments.of(new String[] {"CLIENT", "REPLY", "on", "x"},
                        "-ERR wrong number of arguments for 'client|reply' command\r\n"),
                Arguments.of(new String[] {"CLIENT", "NO-EVICT", "maybe"}, "-ERR syntax error\r\n"),
                Arguments.of(new String[] {"CLIENT", "NO-EVICT", "off"}, "+OK\r\n"),
                Arguments.of(new String[] {"CLIENT", "GETREDIR"}, ":-1\r\n"),
                Arguments.of(new String[] {"CLIENT", "TRACKINGINFO"},
                        "*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n"),
                Arguments.of(new String[] {"CLIENT", "CACHING", "yes"}, "-ERR CLIENT CACHING can be called only when the "
                        + "client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n"),
                Arguments.of(new String[] {"CLIENT", "UNPAUSE"}, "+OK\r\n"),
                Arguments.of(new String[] {"CLIENT", "KILL"},
                        "-ERR wrong number of arguments for 'client|kill' command\r\n"),
                Arguments.of(new String[] {"CLIENT", "KILL", "1.2.3.4:5"}, "-ERR No such client\r\n"),
                Arguments.of(new String[] {"CLIENT", "KILL", "ID", "99999"}, ":0\r\n"),
                Arguments.of(new String[] {"CLIENT", "KILL", "ID", "0"}, "-ERR client-id should be greater than 0\r\n"),
                Arguments.of(new String[] {"CLIENT", "KILL", "TYPE", "foo"}, "-ERR Unknown client type 'foo'\r\n"),
                Arguments.of(new String[] {"CLIENT", "KILL", "TYPE", "pubsub"}, ":0\r\n"),
                Arguments.of(new String[] {"CLIENT", "KILL", "USER", "wrong_user"}, "-ERR No such user 'wrong_user'\r\n"),
                Arguments.of(new String[] {"CLIENT", "KILL", "TYPE", "normal", "SKIPME", "maybe"}, "-ERR syntax error\r\n"),
                Arguments.of(new String[] {"CLIENT", "LIST", "ID", "x"}, "-ERR Invalid client ID\r\n"),
                Arguments.of(new String[] {"CLIENT", "LIST", "TYPE", "replica"}, "$0\r\n\r\n"),
                Arguments.of(new String[] {"CLIENT", "GETNAME"}, "$-1\r\n"),
                Arguments.of(new String[] {"CONFIG", "GET"}, "-ERR wrong number of arguments for 'config|get' command\r\n"),
                Arguments.of(new String[] {"CONFIG", "GET", "nothing*"}, "*0\r\n"),
                Arguments.of(new String[] {"CONFIG", "GET", "save", "appendonly"},
                        "*4\r\n$4\r\nsave\r\n$0\r\n\r\n$10\r\nappendonly\r\n$2\r\nno\r\n"),
                Arguments.of(new String[] {"CONFIG", "SET", "timeout"},
                        "-ERR wrong number of arguments for 'config|set' command\r\n"),
                Arguments.of(new String[] {"CONFIG", "SET", "timeout", "1", "timeout", "2"},
                        "-ERR CONFIG SET failed (possibly related to argument 'timeout') - duplicate parameter\r\n"),
                Arguments.of(new String[] {"CONFIG", "GET", "jemalloc-bg-thread"},
                        "*2\r\n$18\r\njemalloc-bg-thread\r\n$3\r\nyes\r\n"),
                Arguments.of(new String[] {"CONFIG", "SET", "activedefrag", "yes"},
                        "-ERR CONFIG SET failed (possibly related to argument 'activedefrag') - Tandem does not "
                                + "implement this Redis directive\r\n"),
                Arguments.of(new String[] {"CONFIG", "REWRITE"}, "-ERR The server is running without a config file\r\n"),
                Arguments.of(new String[] {"COMMAND", "INFO", "nope"}, "*1\r\n$-1\r\n"),
                Arguments.of(new String[] {"COMMAND", "INFO", "get"}, "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*1\r\n+readonly\r\n"
                        + ":1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n"
                        // one key spec, as redis-server 7.0.15 writes it
                        + "*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n"
                        + "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n"
                        + "*2\r\n$5\r\nindex\r\n:1\r\n"
                        + "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n"
                        + "*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n"),
                Arguments.of(new String[] {"COMMAND", "DOCS"}, "*0\r\n"),
                Arguments.of(new String[] {"COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2"},
                        "*2\r\n$1\r\na\r\n$1\r\nb\r\n"),
                Arguments.of(new String[] {"COMMAND", "GETKEYS", "PING", "x"}, "-ERR The command has no key arguments\r\n"),
                Arguments.of(new String[] {"COMMAND", "GETKEYS", "PING"},
                        "-ERR wrong number of arguments for 'command|getkeys' command\r\n"),
                Arguments.of(new String[] {"COMMAND", "GETKEYS", "NOPE", "x"}, "-ERR Invalid command specified\r\n"),
                Arguments.of(new String[] {"DEBUG", "DIGEST"},
                        "-ERR DEBUG DIGEST is not available: the node was built without a dataset digest\r\n"),
                Arguments.of(new String[] {"DEBUG", "JMAP"}, "-ERR DEBUG JMAP is not supported by Tandem\r\n"),
                Arguments.of(new String[] {"DEBUG", "SET-DISABLE-DENY-SCRIPTS", "0"}, "+OK\r\n"),
                Arguments.of(new String[] {"WAIT", "0", "0"}, ":0\r\n"),
                Arguments.of(new String[] {"WAIT", "0", "x"}, "-ERR timeout is not an integer or out of range\r\n"),
                Arguments.of(new String[] {"REPLICAOF", "NO", "ONE"}, "+OK\r\n"),
                Arguments.of(new String[] {"PSYNC", "?", "-1"},
                        "-ERR this node runs without a replication layer and serves no replicas\r\n"),
                Arguments.of(new String[] {"FLUSHALL"}, "+OK\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void replies(String[] command, String expected) {
        try (RawClient c = server.raw()) {
            c.command(command);
            assertEquals(expected, c.readLike(expected));
            c.command("PING");
            assertEquals("+PONG\r\n", c.readLine(), "nothing more than the expected reply was sent");
        }
    }

    @Test
    void inlineCommandsAndBlankLines() {
        try (RawClient c = server.raw()) {
            c.send("\r\n\nSET inline \"a b\"\r\nGET inline\n");
            assertEquals("+OK\r\n", c.readLine());
            assertEquals("$3\r\na b\r\n", c.readLike("$3\r\na b\r\n"));
        }
    }

    @Test
    void selectInsideMultiAppliesInQueueOrderAndServerCommandsAreSpliced() {
        try (RawClient c = server.raw()) {
            c.send("MULTI\r\nSET k db0\r\nSELECT 3\r\nECHO hi\r\nSET k db3\r\nCLIENT SETNAME tx\r\nEXEC\r\n"
                    + "GET k\r\nSELECT 0\r\nGET k\r\nCLIENT GETNAME\r\n");
            assertEquals("+OK\r\n", c.readLine());
            for (int i = 0; i < 5; i++) {
                assertEquals("+QUEUED\r\n", c.readLine());
            }
            String exec = "*5\r\n+OK\r\n+OK\r\n$2\r\nhi\r\n+OK\r\n+OK\r\n";
            assertEquals(exec, c.readLike(exec));
            assertEquals("$3\r\ndb3\r\n", c.readLike("$3\r\ndb3\r\n"));
            assertEquals("+OK\r\n", c.readLine());
            assertEquals("$3\r\ndb0\r\n", c.readLike("$3\r\ndb0\r\n"));
            assertEquals("$2\r\ntx\r\n", c.readLike("$2\r\ntx\r\n"));
        }
    }

    @Test
    void unknownCommandInsideMultiAbortsExec() {
        try (RawClient c = server.raw()) {
            c.send("MULTI\r\nNOPE\r\nINFO x y\r\nEXEC\r\n");
            assertEquals("+OK\r\n", c.readLine());
            assertEquals("-ERR unknown command 'NOPE', with args beginning with: \r\n", c.readLine());
            assertEquals("+QUEUED\r\n", c.readLine());
            assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", c.readLine());
        }
    }

    @Test
    void clientInfoAndListDescribeConnections() {
        try (RawClient c = server.raw()) {
            c.command("CLIENT", "SETNAME", "raw");
            c.readLine();
            c.command("CLIENT", "INFO");
            String header = c.readLine();
            String line = c.read(Integer.parseInt(header.substring(1, header.length() - 2)) + 2);
            assertTrue(line.matches("id=\\d+ addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:\\d+ name=raw age=\\d+ "
                    + "idle=\\d+ flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 omem=\\d+ cmd=client\\|info user=default "
                    + "redir=-1 resp=2\n\r\n"), line);
        }
    }
}
