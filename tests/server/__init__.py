"""Tests of the HTTP server, its command and the clients that reach it."""
