"""Presentation helpers shared by the web pages and the clinician report."""
