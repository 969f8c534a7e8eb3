"""danchu — the grassroots-democracy platform for Vietnamese local governments."""

__version__ = "0.1.0"
