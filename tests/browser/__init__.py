"""Browser tests: the app's main path and autosave driven in Debian chromium with Playwright."""
