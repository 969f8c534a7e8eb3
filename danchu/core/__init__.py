"""Plain-Python helpers shared by every app (no models here)."""
