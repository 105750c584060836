"""TellerGuard: counter-side anti-fraud checks for bank tellers."""

__version__ = "0.1.0"
