/**
 * Drawing on a plain text terminal a line at a time, for the command line and the shell: how big
 * the terminal is, how wide text is in its columns, and progress lines that always fit.
 */
package dev.ferry.client.term;
