"""Alerting for on-call: rule kinds, the state machine, the scheduler (one report query per tracker
per tick), routing (subscriptions, on-call, quiet hours), the outbox and paced delivery.

Imports keitaro/ and storage/ only; sends through :class:`alerts.model.Transport`, which bot/
implements with aiogram (handlers/ render the texts).
"""
