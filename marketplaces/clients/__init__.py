"""Marketplace clients: one protocol (base.py), one HTTP base (http.py), one error tree (errors.py)."""
