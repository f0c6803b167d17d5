"""Buyer authentication: login codes and sessions."""
