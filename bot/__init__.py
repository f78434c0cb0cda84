"""Composition root of the Keitaro on-call bot."""
