/**
 * Why something the client asked for did not happen, in one line a person can act on: the
 * client's one exception and the reasons of file system failures. A leaf: every other package of
 * the client may use it, and it uses none of them.
 */
package dev.ferry.client.failure;
