/** The {@code rdb} command-line tool: {@code dump} (JSON Lines) and {@code check} (validation summary). */
package dev.tandem.rdb.tool;
