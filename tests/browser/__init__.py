"""Browser tests (Playwright + Chromium) against a live server."""
