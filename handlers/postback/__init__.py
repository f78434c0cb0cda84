"""The postback test: a guided conversation that sends a test conversion and verifies it."""
