/**
 * How the client words sizes, rates, times, durations and tables, the same in the command line,
 * the shell and the full-screen UI. Uses only the failure package and the protocol module.
 */
package dev.ferry.client.wording;
