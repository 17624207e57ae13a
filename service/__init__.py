"""PostGuard: warns school staff that a social media draft may breach the school's policy."""

__version__ = "0.1.0"
